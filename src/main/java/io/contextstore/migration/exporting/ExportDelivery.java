package io.contextstore.migration.exporting;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an export with {@code delivery: response} writes its file: the caller's HTTP response,
 * set by the REST route as the exchange property {@link #PROPERTY}.
 */
public interface ExportDelivery {

    String PROPERTY = "MigrationExportDelivery";

    /** The body the file is written to, announced as a file of this name made by this operation. */
    OutputStream open(String fileName, String operationId) throws IOException;
}
