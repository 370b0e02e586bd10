-- Lineage: the operation that last wrote each record, the name of the input it came from and its
-- record number there (the number its errors would carry). Null for records written otherwise.
ALTER TABLE contexts ADD COLUMN written_by VARCHAR(36);
ALTER TABLE contexts ADD COLUMN source_name TEXT;
ALTER TABLE contexts ADD COLUMN source_position BIGINT;
ALTER TABLE sessions ADD COLUMN written_by VARCHAR(36);
ALTER TABLE sessions ADD COLUMN source_name TEXT;
ALTER TABLE sessions ADD COLUMN source_position BIGINT;
ALTER TABLE templates ADD COLUMN written_by VARCHAR(36);
ALTER TABLE templates ADD COLUMN source_name TEXT;
ALTER TABLE templates ADD COLUMN source_position BIGINT;
CREATE INDEX contexts_written_by ON contexts (written_by);
CREATE INDEX sessions_written_by ON sessions (written_by);
CREATE INDEX templates_written_by ON templates (written_by);

-- Before-images: a stored row as it was before an import overwrote it (the first time within that
-- import), so that the import can be undone; kept for migration.undo.retention.
CREATE TABLE contexts_before AS SELECT * FROM contexts WITH NO DATA;
CREATE TABLE sessions_before AS SELECT * FROM sessions WITH NO DATA;
CREATE TABLE templates_before AS SELECT * FROM templates WITH NO DATA;
ALTER TABLE contexts_before ADD COLUMN before_operation VARCHAR(36) NOT NULL;
ALTER TABLE sessions_before ADD COLUMN before_operation VARCHAR(36) NOT NULL;
ALTER TABLE templates_before ADD COLUMN before_operation VARCHAR(36) NOT NULL;
ALTER TABLE contexts_before ADD COLUMN taken_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
ALTER TABLE sessions_before ADD COLUMN taken_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
ALTER TABLE templates_before ADD COLUMN taken_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
ALTER TABLE contexts_before ALTER COLUMN id SET NOT NULL;
ALTER TABLE sessions_before ALTER COLUMN id SET NOT NULL;
ALTER TABLE templates_before ALTER COLUMN id SET NOT NULL;
ALTER TABLE contexts_before ADD PRIMARY KEY (before_operation, id);
ALTER TABLE sessions_before ADD PRIMARY KEY (before_operation, id);
ALTER TABLE templates_before ADD PRIMARY KEY (before_operation, id);
-- an earlier version of a record another import wrote: found when that import is undone
CREATE INDEX contexts_before_written_by ON contexts_before (written_by);
CREATE INDEX sessions_before_written_by ON sessions_before (written_by);
CREATE INDEX templates_before_written_by ON templates_before (written_by);
CREATE INDEX contexts_before_taken_at ON contexts_before (taken_at);
CREATE INDEX sessions_before_taken_at ON sessions_before (taken_at);
CREATE INDEX templates_before_taken_at ON templates_before (taken_at);

-- The undo that reverted an import: an import is undone once.
ALTER TABLE operations ADD COLUMN undone_by VARCHAR(36);
