-- Cluster mode (dta.alert.cluster.enabled=true): what alert-service replicas share.

-- The outbox: one row per notification, the idempotency key as id, so that enqueuing the same notification again
-- (another replica, a retry after a crash) is a no-op. A replica claims due rows with FOR UPDATE SKIP LOCKED and
-- a lease (claimed_by, claimed_until_ms); a dead replica's lease runs out and another one delivers the row again
-- with the same key. Delivered rows stay as 'done' for a while (pruned later) so that a late second enqueue of
-- the same notification is still a no-op. Times are epoch milliseconds from the replicas' clocks.
CREATE TABLE alert_outbox (
    id               text PRIMARY KEY,
    channel          text    NOT NULL,
    notification     jsonb   NOT NULL,
    created_at_ms    bigint  NOT NULL,
    state            text    NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
    attempts         integer NOT NULL DEFAULT 0,
    due_at_ms        bigint  NOT NULL,
    last_error       text,
    claimed_by       text,
    claimed_until_ms bigint,
    settled_at_ms    bigint
);
CREATE INDEX alert_outbox_pending_due ON alert_outbox (due_at_ms) WHERE state = 'pending';
CREATE INDEX alert_outbox_settled ON alert_outbox (state, settled_at_ms) WHERE state <> 'pending';

-- The alert state every replica holds the same: the records the embedded journal holds (alert, ack, silence,
-- notified), appended in commit order (writers serialize on an advisory lock, so seq order is commit order and a
-- replica reading "seq > last seen" never skips a row committed later with a smaller seq). Each replica applies
-- the others' rows to its memory on every tick, and all of them on start.
CREATE TABLE alert_state_log (
    seq        bigserial PRIMARY KEY,
    origin     text        NOT NULL,
    kind       text        NOT NULL,
    record     jsonb       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);
