package io.contextstore.migration.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The command-line tools that interop tests run (xmllint, brotli, node, gpg...). A test calls
 * {@link #require} before it runs one: a tool that is not on the {@code PATH} skips the test with a
 * message naming the tool and its Debian package, unless {@code MIGRATION_TEST_TOOLS_REQUIRED=true}
 * (as in CI: {@code .ci/run} installs them), which makes it a failure with the same message.
 */
public final class Tools {

    public static final String REQUIRED = "MIGRATION_TEST_TOOLS_REQUIRED";

    /** The Debian package of each tool whose package has another name. */
    private static final Map<String, String> PACKAGES = Map.of(
            "xmllint", "libxml2-utils",
            "node", "nodejs",
            "gpg", "gnupg");

    private Tools() {
    }

    /** Skips the test (or fails it, when tools are required) unless every one of the tools is on the PATH. */
    public static void require(String... tools) {
        for (String tool : tools) {
            need(onPath(tool), tool + " is not installed (Debian package " + PACKAGES.getOrDefault(tool, tool) + ")");
        }
    }

    /**
     * Skips the test (or fails it, when tools are required) unless {@code present}; {@code missing}
     * says what is missing and how to get it.
     */
    public static void need(boolean present, String missing) {
        if (present) {
            return;
        }
        if (Boolean.parseBoolean(System.getenv(REQUIRED))) {
            Assertions.fail(missing + " and " + REQUIRED + "=true: the test cannot run without it");
        }
        Assumptions.assumeTrue(false, missing + "; skipping the test (" + REQUIRED + "=true fails it instead)");
    }

    /** Whether an executable of that name is in a folder of the PATH. */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isEmpty()) {
                Path candidate = Path.of(folder, tool);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }
}
