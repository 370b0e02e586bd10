package io.contextstore.migration.exporting;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.format.RecordWriters;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.commons.io.output.CountingOutputStream;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The parts of an export: each opened through the export-part route (its file in the outbox,
 * encrypted, compressed, the format's writer on top), finished when full or at the end.
 */
@Component
public class ExportParts {

    /** The header with the 1-based index of the part the export-part route opens. */
    public static final String INDEX = "MigrationPartIndex";

    private final DataFolders folders;
    private final RecordWriters writers;
    private final ProducerTemplate template;

    public ExportParts(DataFolders folders, RecordWriters writers, @Lazy ProducerTemplate template) {
        this.folders = folders;
        this.writers = writers;
        this.template = template;
    }

    /** Part {@code index} of the export, opened by the export-part route. */
    ExportPart open(ExportRun run, int index) throws IOException {
        Exchange opened = template.send("direct:export-part", exchange -> {
            exchange.setProperty(ExportRun.PROPERTY, run);
            exchange.getMessage().setHeader(INDEX, index);
        });
        Exception failure = opened.getException();
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        return opened.getMessage().getBody(ExportPart.class);
    }

    /**
     * The part's file, written as {@code .<name>.part} in the outbox until complete, counted and
     * hashed; or, delivered to the caller, the response's body, counted and hashed the same way.
     */
    public MeteredOutput file(ExportRun run, int index) throws IOException {
        if (run.delivery() != null) {
            return new MeteredOutput(run.delivery().open(run.names().file(index), run.operationId()));
        }
        Path partFile = folders.outbox().resolve("." + run.names().file(index) + ".part");
        MeteredOutput output = new MeteredOutput(Files.newOutputStream(partFile));
        run.opening(partFile, output);
        return output;
    }

    /**
     * The format's writer on the part's layers; {@code output} is the part's file under them. What
     * the writer produces is counted before compression and encryption, to tell when a split part is full.
     */
    public ExportPart writer(OutputStream packed, MeteredOutput output, ExportRun run, int index) throws IOException {
        CountingOutputStream content = new CountingOutputStream(new BufferedOutputStream(packed, 64 * 1024));
        ExportPart part = new ExportPart(run.openingFile(), folders.outbox().resolve(run.names().file(index)), output,
                content, writers.open(run.format(), content, run.layout()));
        run.opening(null, null);
        return part;
    }
}
