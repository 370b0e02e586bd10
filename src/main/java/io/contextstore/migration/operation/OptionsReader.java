package io.contextstore.migration.operation;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.MigrationProperties;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import io.contextstore.migration.record.InvalidOptionsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.contextstore.migration.format.JsonProblems;
import io.contextstore.migration.record.Excerpt;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns the options a caller gave (JSON text, a map, or the path of a folder's {@code .options.yaml}) into
 * checked {@link ImportOptions}: configured defaults first, then each layer on top, name by name.
 */
@Component
public class OptionsReader {

    private final ObjectMapper mapper;
    private final Map<String, Object> importDefaults;

    public OptionsReader(ObjectMapper mapper, MigrationProperties properties) {
        this.mapper = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.importDefaults = properties.importing().defaults();
    }

    public ImportOptions importOptions(Object... layers) {
        ObjectNode merged = mapper.valueToTree(importDefaults);
        for (Object layer : layers) {
            ObjectNode node = toObject(layer);
            if (node != null) {
                node.properties().forEach(e -> {
                    if (!e.getValue().isNull()) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        try {
            ImportOptions options = mapper.treeToValue(merged, ImportOptions.class);
            options.check();
            return options;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidOptionsException("unknown option '" + Excerpt.of(e.getPropertyName()) + "'");
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidOptionsException invalid) {
                throw invalid;
            }
            throw invalid(e);
        }
    }

    public ExportOptions exportOptions(Object options) {
        ObjectNode node = toObject(options);
        try {
            ExportOptions parsed = node == null ? mapper.treeToValue(mapper.createObjectNode(), ExportOptions.class)
                    : mapper.treeToValue(node, ExportOptions.class);
            return parsed.normalized();
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidOptionsException("unknown option '" + Excerpt.of(e.getPropertyName()) + "'");
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    /**
     * Says which option is wrong, never its value: options may carry an encryption key, and Jackson's
     * own messages quote the text they choke on.
     */
    private static InvalidOptionsException invalid(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : m.getPath()) {
                path.append(ref.getFieldName() != null ? (path.isEmpty() ? "" : ".") + ref.getFieldName()
                        : "[" + ref.getIndex() + "]");
            }
            return new InvalidOptionsException("option '" + Excerpt.of(path) + "' has a value of the wrong type or form");
        }
        return new InvalidOptionsException("invalid options" + where(e));
    }

    /**
     * Where in the text a JSON problem is, as line and column, and what it is when it is a repeated
     * key or a second value (the parser's own messages quote the text, which may hold a key).
     */
    public static String where(JsonProcessingException e) {
        String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
        String problem = JsonProblems.describe(e);
        return problem == null ? at : ": " + problem + at;
    }

    ObjectNode toObject(Object layer) {
        if (layer == null) {
            return null;
        }
        JsonNode node;
        try {
            node = layer instanceof Path yamlFile ? mapper.valueToTree(yaml(yamlFile))
                    : layer instanceof String text
                    ? (text.isBlank() ? null : mapper.readTree(text))
                    : mapper.valueToTree(layer);
        } catch (JsonProcessingException e) {
            throw new InvalidOptionsException("options are not valid JSON" + where(e));
        }
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidOptionsException("options must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * A folder's options file. Plain YAML only: the safe constructor builds maps, lists and
     * scalars, never objects named by tags, and aliases are capped.
     */
    private static Object yaml(Path file) {
        LoaderOptions limits = new LoaderOptions();
        limits.setMaxAliasesForCollections(20);
        limits.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Yaml(new SafeConstructor(limits)).load(reader);
        } catch (MarkedYAMLException e) {
            throw new InvalidOptionsException(file.getFileName() + " cannot be read: " + e.getProblem()
                    + (e.getProblemMark() == null ? "" : " (line " + (e.getProblemMark().getLine() + 1) + ")"));
        } catch (IOException | YAMLException e) {
            throw new InvalidOptionsException(file.getFileName() + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
