package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.WatchRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules the watcher evaluates, each with where it came from and its status (one per series for per-series
 * rules). Thread-safe: the API edits it while the scheduler evaluates it.
 */
public final class RuleBook {

    /** Source of rules created through the API (the others are "file:NAME" and read-only). */
    public static final String API = "api";

    /** The status of one series of a rule (labels empty and key "" for rules judged over all series together). */
    public record SeriesStatus(Map<String, String> labels, RuleStatus status) {
    }

    /** A rule, its source and its statuses, keyed by {@link #seriesKey}. */
    public record Entry(WatchRule rule, String source, Map<String, SeriesStatus> series) {

        public Entry {
            series = Map.copyOf(series);
        }

        /** The status that speaks for the rule: the most urgent of its series. */
        public RuleStatus status() {
            RuleStatus best = RuleStatus.INITIAL;
            for (SeriesStatus s : series.values()) {
                if (s.status().state().urgency() > best.state().urgency()) {
                    best = s.status();
                }
            }
            return best;
        }

        /** The series in a stable order, for the API. */
        public List<SeriesStatus> seriesSorted() {
            return new TreeMap<>(series).values().stream().toList();
        }

        public boolean readOnly() {
            return !API.equals(source);
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile Runnable onApiChange = () -> { };
    private volatile SharedRules shared = SharedRules.NONE;

    /**
     * Where API rules are shared with other replicas (cluster mode): told of every API change before the book
     * makes it, and may refuse it by throwing (e.g. {@link IllegalStateException} when another replica holds the id).
     */
    public interface SharedRules {
        SharedRules NONE = new SharedRules() {
        };

        default void added(WatchRule rule) {
        }

        default void replaced(WatchRule rule) {
        }

        /** @return false when the rule was not stored there */
        default boolean removed(String id) {
            return true;
        }
    }

    public void shareRulesWith(SharedRules shared) {
        this.shared = shared;
    }

    /** Called after every change made through the API (the service saves its state file there). */
    public void onApiChange(Runnable listener) {
        this.onApiChange = listener;
    }

    /** "k=v,k2=v2" with names sorted: one key per label set. */
    public static String seriesKey(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /** @throws IllegalStateException when a rule with this id exists */
    public Entry add(WatchRule rule, String source) {
        Entry entry = new Entry(rule, source, Map.of());
        if (API.equals(source)) {
            if (entries.containsKey(rule.id())) {
                throw new IllegalStateException("a rule with id '" + rule.id() + "' already exists");
            }
            shared.added(rule);
        }
        if (entries.putIfAbsent(rule.id(), entry) != null) {
            throw new IllegalStateException("a rule with id '" + rule.id() + "' already exists");
        }
        version.incrementAndGet();
        if (API.equals(source)) {
            onApiChange.run();
        }
        return entry;
    }

    public Entry add(WatchRule rule) {
        return add(rule, API);
    }

    /**
     * Replaces an API rule; its state starts over.
     *
     * @throws java.util.NoSuchElementException when there is none with this id
     * @throws ReadOnlyRuleException when it comes from a rule file
     */
    public Entry replace(WatchRule rule) {
        Entry current = entries.get(rule.id());
        if (current == null) {
            throw new java.util.NoSuchElementException("no rule with id '" + rule.id() + "'");
        }
        checkWritable(current);
        shared.replaced(rule);
        Entry[] out = new Entry[1];
        entries.compute(rule.id(), (id, old) -> {
            if (old == null) {
                throw new java.util.NoSuchElementException("no rule with id '" + id + "'");
            }
            checkWritable(old);
            out[0] = new Entry(rule, old.source(), Map.of());
            return out[0];
        });
        version.incrementAndGet();
        onApiChange.run();
        return out[0];
    }

    public Optional<Entry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /**
     * @return false when there was no such rule
     * @throws ReadOnlyRuleException when it comes from a rule file
     */
    public boolean remove(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            return false;
        }
        checkWritable(e);
        shared.removed(id);
        boolean removed = entries.remove(id, e);
        version.incrementAndGet();
        onApiChange.run();
        return removed;
    }

    /**
     * Makes the file rules exactly {@code rules}: new ones are added, changed ones replaced (state starts over),
     * unchanged ones keep their state, vanished ones are removed. API rules are never touched.
     *
     * @param rules by id, each with its "file:NAME" source
     * @return ids that could not be loaded because an API rule holds the id
     */
    public List<String> syncFileRules(Map<String, Map.Entry<WatchRule, String>> rules) {
        List<String> clashes = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.readOnly() && !rules.containsKey(e.rule().id())) {
                entries.remove(e.rule().id(), e);
            }
        }
        rules.forEach((id, ruleAndSource) -> entries.compute(id, (k, old) -> {
            if (old != null && !old.readOnly()) {
                clashes.add(id);
                return old;
            }
            if (old != null && old.rule().equals(ruleAndSource.getKey())) {
                return old.source().equals(ruleAndSource.getValue()) ? old
                        : new Entry(old.rule(), ruleAndSource.getValue(), old.series());
            }
            return new Entry(ruleAndSource.getKey(), ruleAndSource.getValue(), Map.of());
        }));
        version.incrementAndGet();
        return clashes;
    }

    /**
     * Makes the API rules exactly {@code rules} (cluster mode: as stored in the shared database): new ones are
     * added, changed ones replaced (state starts over), vanished ones removed, unchanged ones keep their state.
     * Nothing is told to {@link SharedRules}: the change comes from there. File rules are never touched.
     *
     * @return ids that could not be taken because a file rule holds the id
     */
    public List<String> syncApiRules(Map<String, WatchRule> rules) {
        List<String> clashes = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!e.readOnly() && !rules.containsKey(e.rule().id())) {
                entries.remove(e.rule().id(), e);
            }
        }
        rules.forEach((id, rule) -> entries.compute(id, (k, old) -> {
            if (old != null && old.readOnly()) {
                clashes.add(id);
                return old;
            }
            return old != null && old.rule().equals(rule) ? old : new Entry(rule, API, Map.of());
        }));
        version.incrementAndGet();
        return clashes;
    }

    /** Every rule, sorted by id. */
    public List<Entry> all() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(Comparator.comparing(e -> e.rule().id()));
        return out;
    }

    public int size() {
        return entries.size();
    }

    /** Grows on every change of the rule set (not of states): persistence saves when it moved. */
    public long version() {
        return version.get();
    }

    /**
     * Records a rule's new statuses, unless the rule was deleted or replaced meanwhile (then the evaluation was of
     * a rule that no longer exists).
     */
    public void update(WatchRule evaluated, Map<String, SeriesStatus> series) {
        entries.computeIfPresent(evaluated.id(), (k, e) -> e.rule() == evaluated
                ? new Entry(e.rule(), e.source(), series) : e);
    }

    private volatile boolean startupDone;

    /**
     * Called once the rule files and the saved statuses are loaded at start. Until then no cycle may run: a cycle
     * that read the rules before the restore would overwrite the restored statuses with fresh ones (a pending rule
     * losing its {@code for} progress, a firing one notifying again as new).
     */
    public void markStartupDone() {
        startupDone = true;
    }

    public boolean startupDone() {
        return startupDone;
    }

    /** Puts back statuses saved before a restart, for a rule that is still the same. */
    public void restore(WatchRule rule, Map<String, SeriesStatus> series) {
        entries.computeIfPresent(rule.id(), (k, e) -> e.rule().equals(rule)
                ? new Entry(e.rule(), e.source(), series) : e);
    }

    /** Counts rules by the state that speaks for them. */
    public Map<RuleState, Integer> countByState() {
        Map<RuleState, Integer> counts = new LinkedHashMap<>();
        for (RuleState s : RuleState.values()) {
            counts.put(s, 0);
        }
        for (Entry e : entries.values()) {
            counts.merge(e.status().state(), 1, Integer::sum);
        }
        return counts;
    }

    private static void checkWritable(Entry e) {
        if (e.readOnly()) {
            throw new ReadOnlyRuleException("rule '" + e.rule().id() + "' comes from " + e.source()
                    + " and is read-only through the API: change the file");
        }
    }

    /** A change through the API to a rule loaded from a rule file. */
    public static final class ReadOnlyRuleException extends RuntimeException {
        public ReadOnlyRuleException(String message) {
            super(message);
        }
    }
}
