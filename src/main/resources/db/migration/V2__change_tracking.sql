-- When each record was last written into this store (insert or overwrite), for incremental
-- exports; and the watermark each named incremental export has reached.
ALTER TABLE contexts ADD COLUMN stored_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
ALTER TABLE sessions ADD COLUMN stored_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
ALTER TABLE templates ADD COLUMN stored_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX contexts_stored_at ON contexts (stored_at);
CREATE INDEX sessions_stored_at ON sessions (stored_at);
CREATE INDEX templates_stored_at ON templates (stored_at);

CREATE TABLE export_watermarks (
    name       VARCHAR(100) PRIMARY KEY,
    data_type  VARCHAR(20),
    watermark  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
