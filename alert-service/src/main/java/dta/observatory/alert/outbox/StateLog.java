package dta.observatory.alert.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where the alert pipeline writes its state changes (alerts, acks, silences, what was notified) before they
 * count: the embedded journal ({@link Outbox}) or the table replicas share in PostgreSQL. A record is durable
 * when {@link #record} returns.
 */
public interface StateLog {

    /** Writes one record (its "t" says what it is). */
    void record(ObjectNode node);

    /** Bytes the log takes where compaction applies; 0 where it does not (the pipeline then never compacts). */
    long journalBytes();

    /** Rewrites the log with only {@code appState} and what the outbox still holds. */
    void compact(List<ObjectNode> appState);
}
