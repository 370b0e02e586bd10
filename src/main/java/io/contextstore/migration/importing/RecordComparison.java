package io.contextstore.migration.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.mapping.RecordValidator;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.FieldSpec;

/**
 * Where a record of a file (mapped and validated, in canonical form) and its stored version
 * differ, as the field paths an import would change: objects are compared key by key
 * ({@code metadata.owner}), lists and values whole, numbers by value ({@code 1.0} is {@code 1}),
 * null and absent alike. A field the file lacks is compared only where an import would set it to
 * null: not when it has a default ({@code createdAt}, a context's {@code type}) or is kept when
 * absent ({@code metadata}, {@code attachments}).
 */
final class RecordComparison {

    private RecordComparison() {
    }

    static List<String> differences(DataType type, ObjectNode file, ObjectNode stored) {
        List<String> paths = new ArrayList<>();
        for (FieldSpec field : type.fields()) {
            String name = field.name();
            JsonNode given = file.get(name);
            if (name.equals("id") || given == null
                    && (DataType.KEPT_WHEN_ABSENT.contains(name) || RecordValidator.hasDefault(type, name))) {
                continue;
            }
            compare(name, given, stored.get(name), paths);
        }
        return paths;
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<String> paths) {
        boolean noA = a == null || a.isNull();
        boolean noB = b == null || b.isNull();
        if (noA || noB) {
            if (noA != noB) {
                paths.add(path);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(path + "." + key, a.get(key), b.get(key), paths);
            }
            return;
        }
        if (!same(a, b)) {
            paths.add(path);
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1, b);
    }
}
