package io.contextstore.migration.operation;

/** Headers the {@code direct:import} and {@code direct:export} routes read from their callers. */
public final class MigrationHeaders {

    /** contexts, sessions or templates */
    public static final String DATA_TYPE = "MigrationDataType";
    /** the caller's options: JSON text, a map, or null for the defaults */
    public static final String OPTIONS = "MigrationOptions";
    /** options that sit under the caller's, such as an inbox folder's .options.yaml */
    public static final String BASE_OPTIONS = "MigrationBaseOptions";
    public static final String USER = "MigrationUser";
    /** Set by a scheduled export's route only: the schedule whose watermark an incremental export moves. */
    public static final String SCHEDULE = "MigrationSchedule";
    /** the input's file name as the user knows it (format detection, reports) */
    public static final String FILE_NAME = "MigrationFileName";
    /** An operation id made by the caller (an asynchronous export answers with it before it starts). */
    public static final String OPERATION_ID = "MigrationOperationId";

    /** The sha256 of an inbox file, and where it lies under the inbox (contexts/a.json). */
    public static final String SOURCE_SHA256 = "MigrationSourceSha256";
    public static final String SOURCE_PATH = "MigrationSourcePath";
    /** The id of an interrupted import of the same file, to take up again from its checkpoint. */
    public static final String RESUME = "MigrationResume";

    /** For {@code direct:undo}: the import to undo, whether only to count, whether to skip conflicts. */
    public static final String UNDO_OF = "MigrationUndoOf";
    public static final String DRY_RUN = "MigrationDryRun";
    public static final String FORCE = "MigrationForce";
    /** An import that compares its file with the store instead of writing it (a reconcile). */
    public static final String RECONCILE = "MigrationReconcile";
    /** A reconcile also counts the stored records of the file's data types that the file lacks. */
    public static final String EXTRA_IN_STORE = "MigrationExtraInStore";

    private MigrationHeaders() {
    }
}
