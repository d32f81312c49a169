package dta.observatory.alert.silence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The silences created through the API plus the configured maintenance windows. Expired silences are kept for
 * the API until there are more than {@code capacity} silences, then the oldest expired go first. Thread-safe.
 */
public final class Silences {

    private final int capacity;
    private final List<MaintenanceWindow> windows;
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String idPrefix;

    public Silences(int capacity, List<MaintenanceWindow> windows) {
        this(capacity, windows, "");
    }

    /** @param replica put in every id when not empty, so that replicas sharing silences never make the same id */
    public Silences(int capacity, List<MaintenanceWindow> windows, String replica) {
        this.idPrefix = replica == null || replica.isEmpty() ? "" : replica + "-";
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.windows = List.copyOf(windows);
    }

    /** A new id for a silence about to be created. */
    public String nextId(long nowMs) {
        return "silence-" + nowMs + "-" + idPrefix + sequence.incrementAndGet();
    }

    /** Adds (or replaces, on replay) a silence. Refused when the store is full of unexpired silences. */
    public synchronized void put(Silence s, long nowMs) {
        if (!silences.containsKey(s.id()) && silences.size() >= capacity) {
            silences.values().stream().filter(x -> !x.activeAt(nowMs) && x.endsAtMs() <= nowMs)
                    .min(Comparator.comparingLong(Silence::endsAtMs))
                    .ifPresentOrElse(x -> silences.remove(x.id()), () -> {
                        throw new IllegalArgumentException("too many silences (" + capacity + "): expire some first");
                    });
        }
        silences.put(s.id(), s);
    }

    /** Ends a silence now; empty if unknown. Expiring an expired silence keeps its end. */
    public synchronized Optional<Silence> expire(String id, long nowMs) {
        Silence s = silences.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (s.endsAtMs() > nowMs) {
            s = s.endingAt(nowMs);
            silences.put(id, s);
        }
        return Optional.of(s);
    }

    public synchronized Optional<Silence> get(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    public synchronized List<Silence> list() {
        return new ArrayList<>(silences.values());
    }

    public List<MaintenanceWindow> windows() {
        return windows;
    }

    /** Whether a silence or a maintenance window mutes an alert with these labels now. */
    public synchronized boolean mutes(Map<String, String> labels, long nowMs) {
        for (Silence s : silences.values()) {
            if (s.mutes(labels, nowMs)) {
                return true;
            }
        }
        for (MaintenanceWindow w : windows) {
            if (w.mutes(labels, nowMs)) {
                return true;
            }
        }
        return false;
    }
}
