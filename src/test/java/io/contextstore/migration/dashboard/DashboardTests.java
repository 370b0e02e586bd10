package io.contextstore.migration.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;

import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard at {@code /} in Debian's headless Chromium, as an operator uses it: sign in with
 * a token, watch an import's progress bar move, drop a file to import it, read the history.
 */
@OnH2
class DashboardTests extends ScenarioSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The progress bar's fill colour (dashboard.css), used by nothing else on the page. */
    private static final int FILL = (46 << 16) | (125 << 8) | 50;

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && Boolean.parseBoolean(System.getenv("MIGRATION_TEST_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("browser tests are required: install Debian's chromium and chromium-driver");
        }
        assumeTrue(installed, "Debian's chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--window-size=1280,1100", "--force-device-scale-factor=1");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
        browser.get("http://127.0.0.1:" + port + "/");
        browser.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
        browser.findElement(By.cssSelector("#sign-in button")).click();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldMoveTheProgressBarWhileALargeImportRuns() throws Exception {
        Path large = TestRecords.writeBulkContexts(work.resolve("large.ndjson"), "big", 150_000);
        WebElement input = browser.findElement(By.id("file"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].hidden = false", input);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("data-type"))).selectByValue("contexts");
        input.sendKeys(large.toString());

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
        wait.until(b -> progress() > 0);
        int before = progress();
        int pixelsBefore = fillPixels("progress-before");
        wait.until(b -> progress() >= before + 10);
        int pixelsAfter = fillPixels("progress-after");

        assertThat(pixelsBefore).as("the bar is drawn").isPositive();
        assertThat(pixelsAfter).as("the bar has grown on screen (%d%% -> %d%%)", before, progress())
                .isGreaterThan(pixelsBefore);
        new WebDriverWait(browser, Duration.ofMinutes(3)).until(b -> text("upload-result").contains("completed"));
        assertThat(text("upload-result")).contains("150000 of 150000 records stored");
        assertThat(count("contexts")).isEqualTo(150_000);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> b.findElements(By.cssSelector("#active li")).isEmpty());
    }

    @Test
    void shouldImportADroppedFileAndListItInTheHistory() {
        String ndjson = "{\"id\":\"drop-1\",\"title\":\"a\",\"content\":\"x\"}\n"
                + "{\"id\":\"drop-2\",\"title\":\"b\",\"content\":\"y\"}\n"
                + "{\"id\":\"drop-3\",\"title\":\"c\",\"content\":\"z\"}\n";
        // what the browser does when a file is dragged from the desktop onto the drop zone
        ((JavascriptExecutor) browser).executeScript("""
                const transfer = new DataTransfer();
                transfer.items.add(new File([arguments[0]], 'dropped.ndjson', {type: 'application/x-ndjson'}));
                const zone = document.getElementById('drop-zone');
                zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
                zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
                """, ndjson);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(b -> text("upload-result").contains("completed"));
        assertThat(text("upload-result")).contains("dropped.ndjson: completed, 3 of 3 records stored");
        assertThat(count("contexts")).isEqualTo(3);

        wait.until(b -> text("history").contains("dropped.ndjson"));
        // the history is drawn anew as it refreshes: the row is read whole from one drawing
        String[] row = wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(b -> {
            WebElement drawn = b.findElement(By.xpath("//table[@id='history']//tr[td[text()='dropped.ndjson']]"));
            return new String[] {drawn.getText(), drawn.findElement(By.cssSelector(".status-completed")).getText()};
        });
        assertThat(row[0]).contains("import", "contexts", "completed");
        assertThat(row[1]).isEqualTo("completed");
        assertThat(browser.findElement(By.id("problem")).getText()).isEmpty();
    }

    @Test
    void shouldSayWhatIsWrongWithABadToken() {
        browser.findElement(By.id("token")).sendKeys("not-a-token");
        browser.findElement(By.cssSelector("#sign-in button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> text("problem").contains("a valid bearer token is required"));
    }

    @Test
    void shouldShowTheApiInSwaggerUiAndTryACallWithTheDashboardsToken() throws Exception {
        browser.findElement(By.linkText("API")).click();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
        wait.until(b -> !b.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".opblock-summary-path")).stream().map(WebElement::getText))
                .contains("/api/data-migration/import", "/api/data-migration/export",
                        "/api/data-migration/operations/{id}/progress");

        WebElement active = browser.findElements(By.cssSelector(".opblock")).stream()
                .filter(block -> block.findElement(By.cssSelector(".opblock-summary-path")).getText()
                        .equals("/api/data-migration/operations/active"))
                .findFirst().orElseThrow();
        active.findElement(By.cssSelector(".opblock-summary")).click();
        wait.until(b -> !active.findElements(By.cssSelector(".try-out__btn")).isEmpty());
        active.findElement(By.cssSelector(".try-out__btn")).click();
        wait.until(b -> !active.findElements(By.cssSelector("button.execute")).isEmpty());
        active.findElement(By.cssSelector("button.execute")).click();
        wait.until(b -> !active.findElements(By.cssSelector(".live-responses-table tbody .response-col_status")).isEmpty());

        assertThat(active.findElement(By.cssSelector(".live-responses-table tbody .response-col_status")).getText())
                .startsWith("200");
        assertThat(active.findElement(By.cssSelector(".live-responses-table tbody .response-col_description")).getText())
                .contains("[]");
        screenshot("api-docs");
    }

    /** Read in one script: the list is redrawn every second, under any element reference held here. */
    private int progress() {
        Object now = ((JavascriptExecutor) browser).executeScript(
                "const bar = document.querySelector('#active [role=progressbar]');"
                        + "return bar ? Number(bar.getAttribute('aria-valuenow')) : 0;");
        return ((Number) now).intValue();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** A screenshot, kept as {@code target/screenshots/<name>.png} for a person to look at. */
    private byte[] screenshot(String name) throws Exception {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", name + ".png"), png);
        return png;
    }

    /** Pixels of the fill colour in a screenshot, kept as {@code target/screenshots/<name>.png}. */
    private int fillPixels(String name) throws Exception {
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(screenshot(name)));
        int n = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                if ((shot.getRGB(x, y) & 0xFFFFFF) == FILL) {
                    n++;
                }
            }
        }
        return n;
    }
}
