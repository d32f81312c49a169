package dta.observatory.alert.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps this replica's memory (alert log, groups, acks, silences, what was notified) equal to the others': hands
 * every record another replica appended to the shared state log to {@code apply} (the pipeline's replay), once,
 * in order. Its own records were applied when written. Called on start (everything) and then on every tick.
 *
 * <p>When the log was compacted past what this replica has read (at start, or after lagging behind a
 * compaction), it applies the snapshot first and then the rows after it. The snapshot is older than this replica's
 * own records written after it, so in that catch-up its own records are applied again too, in order: the memory
 * ends where the log ends.
 */
public final class StateFollower {

    private static final int BATCH = 1000;

    private final PgStateLog log;
    private final Consumer<JsonNode> apply;
    private long lastSeq;
    private long snapshotSeq;

    public StateFollower(PgStateLog log, Consumer<JsonNode> apply) {
        this.log = log;
        this.apply = apply;
    }

    /** Applies what is new; returns how many records were applied (snapshot records included). */
    public synchronized int catchUp() {
        int applied = 0;
        boolean reapplyOwn = false;
        while (true) {
            long snapshotBefore = log.snapshotSeq();
            if (snapshotBefore > lastSeq) { // rows this replica never read were folded into a snapshot
                PgStateLog.Snapshot snapshot = log.snapshot();
                snapshot.records().forEach(apply);
                applied += snapshot.records().size();
                lastSeq = snapshot.uptoSeq();
                snapshotSeq = snapshot.uptoSeq();
                reapplyOwn = true;
                continue;
            }
            List<PgStateLog.Entry> batch = log.after(lastSeq, BATCH);
            if (log.snapshotSeq() != snapshotBefore) {
                continue; // a compaction ran while reading: the batch may have a hole; start from the snapshot
            }
            snapshotSeq = snapshotBefore;
            for (PgStateLog.Entry e : batch) {
                if (reapplyOwn || !e.origin().equals(log.replica())) {
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

    /** The last log row applied (or covered by an applied snapshot). */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Rows read since the last snapshot this replica knows of: how much a new snapshot would fold away. */
    public synchronized long sinceSnapshot() {
        return lastSeq - snapshotSeq;
    }

    /**
     * Stores {@code state}, built by the caller after {@link #catchUp} with nothing applied since, as the snapshot
     * of every row read so far.
     */
    public synchronized boolean snapshot(List<ObjectNode> state) {
        boolean stored = log.writeSnapshot(state, lastSeq);
        if (stored) {
            snapshotSeq = lastSeq;
        }
        return stored;
    }
}
