package dta.observatory.alert.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The alerts received, newest kept, oldest forgotten past {@code capacity} so memory stays bounded. In memory;
 * thread-safe.
 */
public final class AlertLog {

    private final int capacity;
    private final LongSupplier clock;
    private final AtomicLong sequence = new AtomicLong();
    private final String idPrefix;
    private final LinkedHashMap<String, AlertRecord> records = new LinkedHashMap<>();

    public AlertLog(int capacity, LongSupplier clock) {
        this(capacity, clock, "");
    }

    /**
     * @param replica put in every id when not empty, so that replicas sharing their alerts never make the same id
     */
    public AlertLog(int capacity, LongSupplier clock, String replica) {
        this.idPrefix = replica == null || replica.isEmpty() ? "" : replica + "-";
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Records an alert and returns it with its new id. A zero observation time becomes "now". */
    public synchronized AlertRecord record(AlertEvent event) {
        long now = clock.getAsLong();
        AlertEvent stamped = event.observedAtMs() != 0 ? event : new AlertEvent(event.ruleId(), event.metric(),
                event.labels(), event.value(), event.threshold(), event.comparator(), event.status(), now,
                event.severity(), event.summary(), event.channels(), event.description());
        AlertRecord record = new AlertRecord("alert-" + now + "-" + idPrefix + sequence.incrementAndGet(), stamped, now, null, 0);
        records.put(record.id(), record);
        if (records.size() > capacity) {
            records.remove(records.keySet().iterator().next());
        }
        return record;
    }

    /** Puts back a record read from the journal (same id, same acknowledgement). */
    public synchronized void restore(AlertRecord record) {
        records.remove(record.id());
        records.put(record.id(), record);
        if (records.size() > capacity) {
            records.remove(records.keySet().iterator().next());
        }
    }

    /** Newest first, received in [sinceMs, untilMs), filtered by rule id (null: any) and status (null: any). */
    public synchronized List<AlertRecord> list(String ruleId, AlertEvent.Status status, long sinceMs, long untilMs,
            int limit) {
        return list(ruleId, status, Integer.MAX_VALUE).stream()
                .filter(r -> r.receivedAtMs() >= sinceMs && r.receivedAtMs() < untilMs).limit(limit).toList();
    }

    /** Newest first, filtered by rule id (null: any) and status (null: any). */
    public synchronized List<AlertRecord> list(String ruleId, AlertEvent.Status status, int limit) {
        List<AlertRecord> out = new ArrayList<>();
        for (AlertRecord r : records.values()) {
            if ((ruleId == null || ruleId.isEmpty() || r.event().ruleId().equals(ruleId))
                    && (status == null || r.event().status() == status)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(AlertRecord::receivedAtMs).reversed()
                .thenComparing(AlertRecord::id, Comparator.reverseOrder()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** Marks an alert acknowledged; empty if no alert has that id. Acknowledging twice keeps the first. */
    public synchronized Optional<AlertRecord> acknowledge(String id, String by) {
        AlertRecord record = records.get(id);
        if (record == null) {
            return Optional.empty();
        }
        if (!record.acknowledged()) {
            record = record.acknowledge(by, clock.getAsLong());
            records.put(id, record);
        }
        return Optional.of(record);
    }

    public synchronized Map<String, AlertRecord> snapshot() {
        return Map.copyOf(records);
    }
}
