package io.contextstore.migration.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds on what a data template may ask of a computed field: the characters of one expression,
 * how deeply its functions nest, and how many computed fields one template has.
 */
@ConfigurationProperties("migration.templates")
public record TemplateProperties(int maxExpressionLength, int maxNesting, int maxComputedFields) {

    public TemplateProperties {
        if (maxExpressionLength < 1 || maxNesting < 1 || maxComputedFields < 1) {
            throw new IllegalArgumentException("migration.templates: max-expression-length, max-nesting and "
                    + "max-computed-fields must be at least 1");
        }
    }
}
