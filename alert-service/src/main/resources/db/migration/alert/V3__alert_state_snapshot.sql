-- Cluster mode: compaction of alert_state_log. The replica that decides group notifications now and then writes
-- the live alert state (the records a compacted embedded journal would hold) as one snapshot that covers every
-- log row up to upto_seq, and deletes those rows in the same transaction. A replica starts from the snapshot and
-- the rows after it; one that had not read all the rows the snapshot replaced loads the snapshot again.
CREATE TABLE alert_state_snapshot (
    id       integer PRIMARY KEY CHECK (id = 1),
    upto_seq bigint      NOT NULL,
    records  jsonb       NOT NULL,
    taken_by text        NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now()
);
