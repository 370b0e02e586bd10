package io.contextstore.migration.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on what a data template may ask of a computed field: the characters of one expression,
 * how deeply its functions nest, how many computed fields one template has, and how much text the
 * computed fields of one record may come to (an expression may repeat a large field many times).
 */
@ConfigurationProperties("migration.templates")
public record TemplateProperties(int maxExpressionLength, int maxNesting, int maxComputedFields,
                                 DataSize maxComputedSize) {

    public TemplateProperties {
        maxComputedSize = maxComputedSize == null ? DataSize.ofMegabytes(16) : maxComputedSize;
        if (maxExpressionLength < 1 || maxNesting < 1 || maxComputedFields < 1) {
            throw new IllegalArgumentException("migration.templates: max-expression-length, max-nesting and "
                    + "max-computed-fields must be at least 1");
        }
    }
}
