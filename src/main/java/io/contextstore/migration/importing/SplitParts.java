package io.contextstore.migration.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.format.SplitManifest;
import io.contextstore.migration.format.UnreadableInputException;
import org.apache.commons.io.input.ProxyInputStream;
import org.springframework.stereotype.Component;

/**
 * The parts of a split export, beside its manifest: each checked against the manifest (size and
 * sha256) before anything is read, then read in order as one input; a part holding other records
 * than the manifest says fails the import before it commits.
 */
@Component
public class SplitParts {

    private final ObjectMapper mapper;

    public SplitParts(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<SplitManifest.Part> of(ImportRun run) throws IOException {
        return SplitManifest.verifiedParts(run.manifest(), mapper);
    }

    /** The part's bytes; they add to the bytes the import's expansion budget is measured against. */
    public InputStream open(SplitManifest.Part part, ImportRun run) throws IOException {
        AtomicLong raw = run.partBytes();
        InputStream counted = new ProxyInputStream(Files.newInputStream(part.file())) {
            @Override
            protected void afterRead(int n) {
                raw.addAndGet(Math.max(n, 0));
            }
        };
        run.track(counted);
        return counted;
    }

    /** After a part: it held as many records as the manifest says. */
    public void verify(SplitManifest.Part part, long seenBefore, ImportRun run) {
        long held = run.seen() - seenBefore;
        if (part.records() >= 0 && held != part.records()) {
            throw new UnreadableInputException("part " + part.name() + " holds " + held + " records, the manifest says "
                    + part.records(), null, null);
        }
    }
}
