package dta.observatory.alert.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps this replica's memory (alert log, groups, acks, silences, what was notified) equal to the others': hands
 * every record another replica appended to the shared state log to {@code apply} (the pipeline's replay), once,
 * in order. Its own records were applied when written. Called on start (everything) and then on every tick.
 */
public final class StateFollower {

    private static final int BATCH = 1000;

    private final PgStateLog log;
    private final Consumer<JsonNode> apply;
    private long lastSeq;

    public StateFollower(PgStateLog log, Consumer<JsonNode> apply) {
        this.log = log;
        this.apply = apply;
    }

    /** Applies what is new; returns how many records of other replicas were applied. */
    public synchronized int catchUp() {
        int applied = 0;
        while (true) {
            List<PgStateLog.Entry> batch = log.after(lastSeq, BATCH);
            for (PgStateLog.Entry e : batch) {
                if (!e.origin().equals(log.replica())) {
                    apply.accept(e.record());
                    applied++;
                }
                lastSeq = e.seq();
            }
            if (batch.size() < BATCH) {
                return applied;
            }
        }
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }
}
