-- Inbox imports resume where a crash left them: the sha256 of the file and where it lay identify
-- the operation, and the checkpoint (records whose outcome is committed, with the errors listed
-- so far) is written in the same transaction as those records.
ALTER TABLE operations ADD COLUMN source_sha256 VARCHAR(64);
ALTER TABLE operations ADD COLUMN source_path TEXT;
ALTER TABLE operations ADD COLUMN checkpoint_records BIGINT;
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
