package io.contextstore.migration.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the annotated scenarios against PostgreSQL (profile {@code postgres}) at
 * {@code MIGRATION_TEST_POSTGRES_URL}, in a schema of their own, with data folders of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@TestPropertySource(properties = {
        "spring.datasource.url=${MIGRATION_TEST_POSTGRES_URL:" + PostgresAvailable.DEFAULT_URL + "}",
        "spring.datasource.username=${MIGRATION_TEST_POSTGRES_USER:postgres}",
        "spring.datasource.password=${MIGRATION_TEST_POSTGRES_PASSWORD:}",
        "spring.datasource.hikari.schema=${MIGRATION_TEST_POSTGRES_SCHEMA:migration_test}",
        "spring.datasource.hikari.data-source-properties.reWriteBatchedInserts=true",
        "spring.flyway.default-schema=${MIGRATION_TEST_POSTGRES_SCHEMA:migration_test}",
        "spring.flyway.schemas=${MIGRATION_TEST_POSTGRES_SCHEMA:migration_test}",
        "spring.flyway.create-schemas=true",
        "migration.data-dir=target/test-data/postgres",
        "migration.inbox.poll-delay-ms=200",
        "migration.inbox.stable-ms=300"})
public @interface OnPostgres {
}
