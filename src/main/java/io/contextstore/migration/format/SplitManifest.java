package io.contextstore.migration.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.codec.digest.DigestUtils;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code <name>.manifest.json} of a split export: its parts, which lie beside it and are named
 * {@code <name>.partNNN.<ext>}. Before a record is read, every part must be there with the size
 * and sha256 the manifest lists. The manifest is not signed, so it may name no other file.
 */
public final class SplitManifest {

    private static final long MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final String SUFFIX = ".manifest.json";
    private static final Pattern PART_TAIL = Pattern.compile("\\.part[0-9]{3,}\\.[^/\\\\]+");

    private SplitManifest() {
    }

    public static boolean isManifest(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    /** {@code <name>.partNNN.<ext>} of the manifest {@code <name>.manifest.json}: nothing else is one of its parts. */
    static boolean isPartOf(String manifestName, String partName) {
        if (!isManifest(manifestName)) {
            return false;
        }
        String base = manifestName.substring(0, manifestName.length() - SUFFIX.length());
        return partName.startsWith(base) && PART_TAIL.matcher(partName.substring(base.length())).matches();
    }

    /** A part as the manifest lists it. */
    public record Part(Path file, String name, long records) {
    }

    /** The part files in order, each checked against the manifest. */
    public static List<Part> verifiedParts(Path manifest, ObjectMapper mapper) throws IOException {
        if (Files.size(manifest) > MAX_MANIFEST_BYTES) {
            throw new UnreadableInputException("the manifest is larger than 4 MB", null, null);
        }
        JsonNode parts;
        try {
            parts = mapper.readTree(manifest.toFile()).path("parts");
        } catch (IOException e) {
            throw new UnreadableInputException("the manifest is not valid JSON", null, null);
        }
        if (!parts.isArray() || parts.isEmpty()) {
            throw new UnreadableInputException("the manifest lists no parts", null, null);
        }
        List<Part> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode part : parts) {
            String name = part.path("name").asText("");
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new UnreadableInputException("the manifest names a part '" + name + "' outside its folder", null, null);
            }
            if (!isPartOf(manifest.getFileName().toString(), name)) {
                throw new UnreadableInputException("the manifest names '" + name + "', which is not one of its parts ("
                        + "<name>.partNNN.<ext> beside <name>.manifest.json); nothing was imported", null, null);
            }
            if (!names.add(name)) {
                throw new UnreadableInputException("the manifest lists part " + name + " twice", null, null);
            }
            Path file = manifest.resolveSibling(name);
            if (!Files.isRegularFile(file)) {
                throw new UnreadableInputException("part " + name + " listed in the manifest is missing; nothing was "
                        + "imported", null, null);
            }
            if (Files.size(file) != part.path("sizeBytes").asLong(-1) || !sha256(file).equals(part.path("sha256").asText())) {
                throw new UnreadableInputException("part " + name + " does not match the manifest (size or sha256 "
                        + "differs); nothing was imported", null, null);
            }
            files.add(new Part(file, name, part.path("records").asLong(-1)));
        }
        return files;
    }

    /** The sha256 of a whole file, in hex, read as a stream. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }

    /**
     * The names a manifest lists that are named as its parts, for moving them with it once it has
     * imported (which checked them); empty when it cannot be read.
     */
    public static List<String> partNames(Path manifest, ObjectMapper mapper) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.size(manifest) > MAX_MANIFEST_BYTES) {
                return names;
            }
            for (JsonNode part : mapper.readTree(manifest.toFile()).path("parts")) {
                String name = part.path("name").asText("");
                if (!name.startsWith(".") && isPartOf(manifest.getFileName().toString(), name)) {
                    names.add(name);
                }
            }
        } catch (IOException ignored) {
            // an unreadable manifest moves alone
        }
        return names;
    }
}
