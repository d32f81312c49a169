package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.ThresholdRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The rules the watcher evaluates, each with its last status. Thread-safe; in memory. */
public final class RuleBook {

    /** A rule and its status, as the API shows them. */
    public record Entry(ThresholdRule rule, RuleStatus status) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @throws IllegalStateException when a rule with this id exists */
    public Entry add(ThresholdRule rule) {
        Entry entry = new Entry(rule, RuleStatus.INITIAL);
        if (entries.putIfAbsent(rule.id(), entry) != null) {
            throw new IllegalStateException("a rule with id '" + rule.id() + "' already exists");
        }
        return entry;
    }

    public Optional<Entry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public boolean remove(String id) {
        return entries.remove(id) != null;
    }

    /** Every rule, sorted by id. */
    public List<Entry> all() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(Comparator.comparing(e -> e.rule().id()));
        return out;
    }

    /** Records a rule's new status, unless the rule was deleted meanwhile. */
    void update(String id, RuleStatus status) {
        entries.computeIfPresent(id, (k, e) -> new Entry(e.rule(), status));
    }
}
