-- A cancel reaches the operation wherever it runs: the instance that answers the request records it
-- here, and the instance running the operation sees it at its next heartbeat.
ALTER TABLE operations ADD COLUMN cancel_requested_at TIMESTAMP WITH TIME ZONE;
