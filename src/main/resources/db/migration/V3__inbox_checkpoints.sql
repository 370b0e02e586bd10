-- Inbox imports resume where a crash left them: the sha256 of the file and where it lay identify
-- the operation, and the checkpoint (records whose outcome is committed, their counts as JSON, the
-- first errors listed) is written in the same transaction as those records. The progress columns
-- are written apart from it, as the import goes, and may run ahead of what is committed.
ALTER TABLE operations ADD COLUMN source_sha256 VARCHAR(64);
ALTER TABLE operations ADD COLUMN source_path TEXT;
ALTER TABLE operations ADD COLUMN checkpoint_records BIGINT;
ALTER TABLE operations ADD COLUMN checkpoint_counts VARCHAR(300);
ALTER TABLE operations ADD COLUMN checkpoint_errors ${large_text};
CREATE INDEX operations_source_sha256 ON operations (source_sha256);

-- Read locks on inbox files, shared by every instance polling the inbox; a lock whose holder
-- stopped refreshing it is taken over (camel-sql's orphan-lock-aware repository).
CREATE TABLE inbox_locks (
    processorName VARCHAR(255)  NOT NULL,
    messageId     VARCHAR(1024) NOT NULL,
    createdAt     TIMESTAMP     NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
