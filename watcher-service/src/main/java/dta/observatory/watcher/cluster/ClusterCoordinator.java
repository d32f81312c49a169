package dta.observatory.watcher.cluster;

import dta.observatory.watcher.evaluation.EvaluationCycle;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.WatchRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One watcher replica's part in cluster mode, in plain Java over the two repositories.
 *
 * <p>Each cycle it reads the live members (heartbeats younger than the member timeout, by the database clock) and
 * owns the rules that rendezvous hashing gives it among them. Before evaluating, it brings its rule book up to the
 * shared tables: API rules as stored, and every rule state that is newer than the one it knows. A replica taking over a
 * rule therefore starts from the last recorded state: a pending rule keeps its {@code for} progress and a firing
 * rule that was notified stays notified.
 *
 * <p>After evaluating a rule it records the outcome with a compare-and-set on the state's version <em>before</em> any
 * notification goes out, with the notifications still marked not sent, and again once they are sent. Two replicas
 * that briefly both own a rule (their views of the live set differ for a moment) both read version v; the first
 * write moves it on, the second fails, and the loser drops its evaluation without notifying, then loads the
 * winner's state. A replica killed between its two records leaves the transition recorded as not sent, so the next
 * owner sends it: at least once, and the alert service drops a repeat of the same alert by fingerprint.
 */
public final class ClusterCoordinator implements EvaluationCycle.Ownership, RuleBook.SharedRules {

    private final String memberId;
    private final Duration memberTimeout;
    private final MemberRepository members;
    private final RuleRepository repository;
    private final RuleBook book;
    private final Consumer<String> problems;

    // Guarded by this: the state version this replica last saw or wrote per rule, and who wrote it.
    private final Map<String, Long> known = new HashMap<>();
    private final Map<String, String> owners = new HashMap<>();
    private volatile Set<String> owned = Set.of();
    private volatile List<String> live = List.of();
    private long conflicts;

    public ClusterCoordinator(String memberId, Duration memberTimeout, MemberRepository members,
            RuleRepository repository, RuleBook book, Consumer<String> problems) {
        if (memberId == null || memberId.isBlank()) {
            throw new IllegalArgumentException("member id must not be blank");
        }
        if (memberTimeout.isNegative() || memberTimeout.isZero()) {
            throw new IllegalArgumentException("member timeout must be positive, got " + memberTimeout);
        }
        this.memberId = memberId;
        this.memberTimeout = memberTimeout;
        this.members = members;
        this.repository = repository;
        this.book = book;
        this.problems = problems;
    }

    public String memberId() {
        return memberId;
    }

    public void heartbeat() {
        members.heartbeat(memberId);
    }

    public void leave() {
        members.leave(memberId);
    }

    /** Brings the book up to the shared tables: API rules as stored, every newer rule state. */
    public synchronized void refresh() {
        List<String> found = new ArrayList<>();
        Map<String, WatchRule> apiRules = repository.rules(found);
        book.syncApiRules(apiRules).forEach(id -> found.add("stored rule '" + id
                + "' skipped: a rule file holds that id"));
        Map<String, RuleRepository.StoredState> states = repository.states(found);
        known.keySet().retainAll(states.keySet()); // a deleted state starts from scratch
        owners.keySet().retainAll(states.keySet());
        for (RuleRepository.StoredState s : states.values()) {
            owners.put(s.ruleId(), s.owner());
            // Only ever forward: a read that raced with our own later write must not bring an older state back.
            if (s.version() <= known.getOrDefault(s.ruleId(), 0L)) {
                continue;
            }
            known.put(s.ruleId(), s.version());
            try {
                WatchRule rule = s.rule().toRule(s.ruleId());
                Map<String, RuleBook.SeriesStatus> series = new HashMap<>();
                for (RuleBook.SeriesStatus ss : s.series()) {
                    Map<String, String> labels = ss.labels() == null ? Map.of() : ss.labels();
                    RuleStatus st = ss.status();
                    series.put(rule.perSeries() ? RuleBook.seriesKey(labels) : "", new RuleBook.SeriesStatus(labels,
                            st));
                }
                book.restore(rule, series); // only when the rule is still the same one
            } catch (RuntimeException e) {
                found.add("stored state of '" + s.ruleId() + "': " + e.getMessage());
            }
        }
        found.forEach(problems);
    }

    @Override
    public Predicate<String> startCycle() {
        List<String> alive;
        try {
            alive = members.live(memberTimeout);
            refresh();
        } catch (RuntimeException e) {
            owned = Set.of();
            problems.accept("no evaluation this cycle: " + e.getMessage());
            throw e;
        }
        Set<String> mine = new HashSet<>();
        // Not in the live set (our heartbeats stalled): the others have taken our rules; evaluate none.
        if (alive.contains(memberId)) {
            for (RuleBook.Entry e : book.all()) {
                if (RendezvousOwnership.owner(e.rule().id(), alive).orElseThrow().equals(memberId)) {
                    mine.add(e.rule().id());
                }
            }
        }
        live = List.copyOf(alive);
        owned = Set.copyOf(mine);
        return owned::contains;
    }

    @Override
    public synchronized boolean record(RuleBook.Entry entry, Map<String, RuleBook.SeriesStatus> series) {
        String id = entry.rule().id();
        OptionalLong written = repository.writeState(entry.rule(), entry.source(),
                new ArrayList<>(new java.util.TreeMap<>(series).values()), memberId, known.getOrDefault(id, 0L));
        if (written.isEmpty()) {
            conflicts++;
            problems.accept("rule '" + id + "' was recorded by another replica meanwhile; its state is taken over");
            return false;
        }
        known.put(id, written.getAsLong());
        owners.put(id, memberId);
        return true;
    }

    /** The replica whose evaluation the rule's shared state is (null before any). */
    public synchronized String ownerOf(String ruleId) {
        return owners.get(ruleId);
    }

    /** Rules this replica evaluated in its last cycle. */
    public int ownedCount() {
        return owned.size();
    }

    public int liveCount() {
        return live.size();
    }

    /** State writes lost to another replica (split-brain moments, handovers). */
    public synchronized long conflicts() {
        return conflicts;
    }

    @Override
    public void added(WatchRule rule) {
        repository.insertRule(rule);
    }

    @Override
    public synchronized void replaced(WatchRule rule) {
        repository.replaceRule(rule);
        known.remove(rule.id());
        owners.remove(rule.id());
    }

    @Override
    public synchronized boolean removed(String id) {
        known.remove(id);
        owners.remove(id);
        return repository.deleteRule(id);
    }
}
