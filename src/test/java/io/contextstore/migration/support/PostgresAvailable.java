package io.contextstore.migration.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs PostgreSQL tests when the server of {@code MIGRATION_TEST_POSTGRES_URL} answers. With
 * {@code MIGRATION_TEST_POSTGRES_REQUIRED=true} (as in CI) an unreachable server fails the tests
 * instead of skipping them.
 */
public class PostgresAvailable implements ExecutionCondition {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String url = url();
        try (Connection ignored = DriverManager.getConnection(url, user(), password())) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers at " + url);
        } catch (SQLException e) {
            if (Boolean.parseBoolean(env("MIGRATION_TEST_POSTGRES_REQUIRED", "false"))) {
                throw new IllegalStateException("PostgreSQL tests are required but " + url + " does not answer: "
                        + e.getMessage(), e);
            }
            return ConditionEvaluationResult.disabled("no PostgreSQL at " + url + " (" + e.getMessage() + ")");
        }
    }

    public static String url() {
        return env("MIGRATION_TEST_POSTGRES_URL", DEFAULT_URL);
    }

    public static String user() {
        return env("MIGRATION_TEST_POSTGRES_USER", "postgres");
    }

    public static String password() {
        return env("MIGRATION_TEST_POSTGRES_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
