package io.contextstore.migration.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.ValidationError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of field mappings that hold for any record and any renaming. */
class RecordMappingTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Transformations transformations = new Transformations(List.of());

    @Test
    void aRandomMappingFollowedByItsInverseRestoresTheRecord() {
        Random random = new Random(42);
        for (int run = 0; run < 500; run++) {
            ObjectNode record = randomRecord(random);
            List<String> paths = leafPaths(record, "");
            Collections.shuffle(paths, random);
            List<String> sources = paths.subList(0, random.nextInt(paths.size() + 1));
            ObjectNode forward = JSON.createObjectNode();
            ObjectNode backward = JSON.createObjectNode();
            for (int i = 0; i < sources.size(); i++) {
                // targets are fresh names, some nested, so nothing collides with the fields left unmapped
                String target = random.nextBoolean() ? "t" + i : "moved.t" + i;
                forward.put(sources.get(i), target);
                backward.put(target, sources.get(i));
            }
            List<ValidationError> problems = new ArrayList<>();

            ObjectNode mapped = compile(forward).apply(record, 1, problems);
            ObjectNode restored = compile(backward).apply(mapped, 1, problems);

            assertThat(problems).isEmpty();
            assertThat(restored).as("run %d: %s via %s", run, record, forward).isEqualTo(record);
        }
    }

    @Test
    void unmappedFieldsAreKeptDroppedOrPutUnderMetadata() throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree("{\"old\":\"x\",\"extra\":1,\"metadata\":{\"a\":\"b\"}}");
        String fields = "\"fieldMappings\":{\"old\":\"title\"}";

        assertThat(apply("{" + fields + "}", record)).isEqualTo(
                JSON.readTree("{\"title\":\"x\",\"extra\":1,\"metadata\":{\"a\":\"b\"}}"));
        assertThat(apply("{" + fields + ",\"unmapped\":\"drop\"}", record)).isEqualTo(JSON.readTree("{\"title\":\"x\"}"));
        assertThat(apply("{" + fields + ",\"unmapped\":\"metadata\"}", record)).isEqualTo(
                JSON.readTree("{\"title\":\"x\",\"metadata\":{\"extra\":1,\"metadata\":{\"a\":\"b\"}}}"));
    }

    private ObjectNode apply(String mapping, ObjectNode record) throws Exception {
        return compile((ObjectNode) JSON.readTree(mapping)).apply(record, 1, new ArrayList<>());
    }

    private RecordMapping compile(ObjectNode fieldMappings) {
        ObjectNode mapping = fieldMappings.has("fieldMappings") || fieldMappings.has("unmapped") ? fieldMappings
                : JSON.createObjectNode().set("fieldMappings", fieldMappings);
        return RecordMapping.compile(mapping, transformations);
    }

    private static ObjectNode randomRecord(Random random) {
        ObjectNode record = JSON.createObjectNode();
        int fields = 1 + random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            String name = "f" + random.nextInt(20);
            switch (random.nextInt(4)) {
                case 0 -> record.put(name, "v" + random.nextInt(100));
                case 1 -> record.put(name, random.nextInt());
                case 2 -> record.putArray(name).add("a").add(random.nextBoolean());
                default -> {
                    ObjectNode nested = record.putObject(name);
                    for (int j = 0; j <= random.nextInt(3); j++) {
                        nested.put("n" + random.nextInt(5), "w" + j);
                    }
                }
            }
        }
        return record;
    }

    private static List<String> leafPaths(ObjectNode object, String prefix) {
        List<String> paths = new ArrayList<>();
        object.properties().forEach(e -> {
            if (e.getValue() instanceof ObjectNode child && !child.isEmpty()) {
                paths.addAll(leafPaths(child, prefix + e.getKey() + "."));
            } else {
                paths.add(prefix + e.getKey());
            }
        });
        return paths;
    }
}
