package io.contextstore.migration.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Runs the annotated scenarios against the embedded H2 store in file mode. Test properties win
 * over {@code ./config/application.yml}, which a profile file on the classpath would not.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = {
        "migration.data-dir=target/test-data/h2",
        "migration.inbox.poll-delay-ms=200",
        "migration.inbox.stable-ms=300"})
public @interface OnH2 {
}
