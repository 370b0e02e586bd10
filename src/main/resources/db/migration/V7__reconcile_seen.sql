-- The ids a reconcile read from its file, so that the stored records it lacks can be found
-- (extraInStore) without holding the ids in memory. Written only in the reconcile's transaction,
-- which is always rolled back: the table stays empty.
CREATE TABLE reconcile_seen (
    operation_id VARCHAR(36)  NOT NULL,
    data_type    VARCHAR(16)  NOT NULL,
    id           VARCHAR(255) NOT NULL
);
CREATE INDEX reconcile_seen_ids ON reconcile_seen (operation_id, data_type, id);
