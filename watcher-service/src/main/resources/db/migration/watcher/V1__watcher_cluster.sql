-- Watcher cluster mode (dta.watcher.cluster.enabled=true): what the replicas share.

-- The replicas. Heartbeats use the database clock (now()), so the replicas' own clocks never decide who is alive.
CREATE TABLE watcher_member (
    id             text        PRIMARY KEY,
    last_heartbeat timestamptz NOT NULL
);

-- Rules created through the API (rule files are mounted on every replica and are not stored here).
CREATE TABLE watcher_rule (
    id         text        PRIMARY KEY,
    document   text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every version of every rule state comes from this one sequence: versions only grow, even across a rule's
-- deletion and re-creation, so "newer than what I know" is a plain comparison.
CREATE SEQUENCE watcher_state_version;

-- Each rule's state (one status per series, JSON), written by the replica that evaluated it. A write names the
-- version it read; a write against any other version fails, so of two replicas that both think they own a rule
-- only one gets to record (and then notify) a transition.
CREATE TABLE watcher_rule_state (
    rule_id       text        PRIMARY KEY,
    rule_document text        NOT NULL,
    series        text        NOT NULL,
    owner         text        NOT NULL,
    version       bigint      NOT NULL,
    written_at    timestamptz NOT NULL DEFAULT now()
);
