-- Cluster mode: the human review queue (hitl tasks) shared by every replica, so a task opened by the replica that
-- delivered the notification is listed, claimed and closed through any replica. The whole task (comments
-- included) is the jsonb; state, group_key and created_at_ms are copied out to be indexed. A change is a short
-- transaction that locks the row (SELECT ... FOR UPDATE), applies the same rules as the embedded queue and
-- writes the row back: two people claiming at once through two replicas get one claim and one refusal.
CREATE TABLE alert_hitl_task (
    id            text PRIMARY KEY,
    group_key     text   NOT NULL,
    state         text   NOT NULL CHECK (state IN ('open', 'claimed', 'done')),
    created_at_ms bigint NOT NULL,
    task          jsonb  NOT NULL
);
-- One task per alert group until it is done: two replicas delivering notifications of one group at once make
-- one task (the loser's insert conflicts and it comments instead).
CREATE UNIQUE INDEX alert_hitl_task_one_per_group ON alert_hitl_task (group_key) WHERE state <> 'done';
CREATE INDEX alert_hitl_task_open ON alert_hitl_task (created_at_ms) WHERE state = 'open';
-- Task ids are task-<ms>-<n>: n from this sequence, so replicas never make the same id.
CREATE SEQUENCE alert_hitl_task_seq;
