package io.contextstore.migration.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route files in a ./routes folder beside the jar: added to the packaged routes, or replacing one by name. */
class MigrationEnvironmentTests {

    private static final String PACKAGED = "classpath:routes/*.camel.yaml";

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheLocalRoutesBesideEveryPackagedOneTheyDoNotReplace() throws IOException {
        Path local = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(local.resolve("crm-inbox.camel.yaml"), "[]");
        Files.writeString(local.resolve("schedule.camel.yaml"), "[]");

        String merged = MigrationEnvironment.routeLocations(PACKAGED, local);

        assertThat(merged.split(",")).containsExactly("file:" + local.toAbsolutePath() + "/*.camel.yaml",
                "classpath:routes/api.camel.yaml", "classpath:routes/crypto.camel.yaml",
                "classpath:routes/export.camel.yaml", "classpath:routes/import.camel.yaml",
                "classpath:routes/inbox.camel.yaml", "classpath:routes/notify.camel.yaml",
                "classpath:routes/reconcile.camel.yaml",
                "classpath:routes/undo.camel.yaml");
    }

    @Test
    void shouldNameEachPackagedRouteWithoutLocalRouteFiles() throws IOException {
        Path local = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(local.resolve("notes.txt"), "not a route");
        String[] packaged = {"classpath:routes/api.camel.yaml", "classpath:routes/crypto.camel.yaml",
                "classpath:routes/export.camel.yaml", "classpath:routes/import.camel.yaml",
                "classpath:routes/inbox.camel.yaml", "classpath:routes/notify.camel.yaml",
                "classpath:routes/reconcile.camel.yaml",
                "classpath:routes/schedule.camel.yaml", "classpath:routes/undo.camel.yaml"};

        assertThat(MigrationEnvironment.routeLocations(PACKAGED, local).split(",")).containsExactly(packaged);
        assertThat(MigrationEnvironment.routeLocations(PACKAGED, dir.resolve("missing")).split(","))
                .containsExactly(packaged);
        assertThat(MigrationEnvironment.routeLocations("file:/opt/routes/*.camel.yaml", local)).isNull();
    }

    @Test
    void shouldRefuseToStartWithoutPackagedRoutes() {
        assertThatThrownBy(() -> MigrationEnvironment.routeLocations("classpath:no-such-folder/*.camel.yaml",
                dir.resolve("missing"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("no packaged routes at classpath:no-such-folder/*.camel.yaml");
    }

    @Test
    void shouldKeepFurtherLocationsAfterThePackagedRoutes() throws IOException {
        Path local = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(local.resolve("import.camel.yaml"), "[]");

        String merged = MigrationEnvironment.routeLocations(PACKAGED + ",file:/opt/more/*.camel.yaml", local);

        assertThat(merged.split(",")).doesNotContain("classpath:routes/import.camel.yaml")
                .contains("classpath:routes/export.camel.yaml").endsWith("file:/opt/more/*.camel.yaml");
    }
}
