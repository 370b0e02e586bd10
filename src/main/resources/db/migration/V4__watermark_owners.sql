-- A watermark belongs to the one export that moves it: a schedule (owner 'schedule:<name>') or a
-- user (owner 'user:<name>'), under a name, for one data type and one filter set (filter_key: the
-- sha256 of the canonical filter JSON in filters). Another owner, data type or filter set under
-- the same name is another watermark.
CREATE TABLE export_watermarks_owned (
    owner      VARCHAR(300) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    data_type  VARCHAR(20)  NOT NULL,
    filter_key VARCHAR(64)  NOT NULL,
    filters    ${large_text} NOT NULL,
    watermark  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT export_watermarks_scope PRIMARY KEY (owner, name, data_type, filter_key)
);

-- Until now only a schedule with incremental: true used a watermark by default (named after it),
-- so an existing one is kept as that schedule's, for its data type and no filters ('{}', whose
-- sha256 this is). A schedule with filters finds none of its own and exports everything once: a
-- record may come twice, never be missed. Every row had its data type (each run wrote it).
INSERT INTO export_watermarks_owned (owner, name, data_type, filter_key, filters, watermark, updated_at)
SELECT 'schedule:' || name, name, data_type, '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
       '{}', watermark, updated_at
FROM export_watermarks WHERE data_type IS NOT NULL;

DROP TABLE export_watermarks;
ALTER TABLE export_watermarks_owned RENAME TO export_watermarks;
