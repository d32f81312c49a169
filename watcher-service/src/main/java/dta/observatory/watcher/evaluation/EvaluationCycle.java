package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.RuleEvaluator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.SeasonalSample;
import dta.observatory.watcher.rules.WatchRule;
import dta.observatory.watcher.rules.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One pass of the seed's watch loop over every rule: read every window in a few batched calls, judge each rule
 * (each series of a per-series rule), report firings and resolutions. A rule whose data cannot be read, or whose
 * alert cannot be handed over, is marked and tried again next cycle; it never stops the others.
 */
public final class EvaluationCycle {

    /** What one cycle did, for metrics and logs. */
    public record Summary(int evaluated, int firing, int notified, int errors, int changed) {

        public Summary(int evaluated, int firing, int notified, int errors) {
            this(evaluated, firing, notified, errors, 0);
        }
    }

    /**
     * Which rules this replica evaluates, and the record of each outcome before anything is notified (cluster mode).
     * {@link #ALONE} (a single watcher): every rule, nothing to record.
     */
    public interface Ownership {
        Ownership ALONE = new Ownership() {
            @Override
            public Predicate<String> startCycle() {
                return id -> true;
            }

            @Override
            public boolean record(RuleBook.Entry entry, Map<String, RuleBook.SeriesStatus> series) {
                return true;
            }
        };

        /**
         * Called when a cycle starts. @return which rule ids this replica evaluates in this cycle
         * @throws RuntimeException when that cannot be known now (the cycle then evaluates nothing)
         */
        Predicate<String> startCycle();

        /**
         * Records a rule's new statuses where the other replicas see them: before its notifications go out (with
         * them marked not yet sent) and again after.
         *
         * @return false when another replica has recorded this rule meanwhile: this evaluation is dropped,
         *     nothing is notified
         */
        boolean record(RuleBook.Entry entry, Map<String, RuleBook.SeriesStatus> series);
    }

    /** Queries per SliceBatch call: bounds one call's answer (the store refuses more than 1,000). */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final RuleBook rules;
    private final SliceSource source;
    private final AlertSink sink;
    private final LongSupplier clock;
    private final int batchSize;
    private final SeasonalHistory seasonal;
    private volatile Ownership ownership = Ownership.ALONE;

    public EvaluationCycle(RuleBook rules, SliceSource source, AlertSink sink, LongSupplier clock) {
        this(rules, source, sink, clock, DEFAULT_BATCH_SIZE);
    }

    public EvaluationCycle(RuleBook rules, SliceSource source, AlertSink sink, LongSupplier clock, int batchSize) {
        this(rules, source, sink, clock, batchSize, null);
    }

    /** @param seasonal the seasonal history of AutoWatchers with a seasonality; null: they judge rolling only */
    public EvaluationCycle(RuleBook rules, SliceSource source, AlertSink sink, LongSupplier clock, int batchSize,
            SeasonalHistory seasonal) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.rules = rules;
        this.source = source;
        this.sink = sink;
        this.clock = clock;
        this.batchSize = batchSize;
        this.seasonal = seasonal;
    }

    /** Cluster mode: evaluate only the rules this replica owns, recording each outcome before notifying. */
    public void shareWith(Ownership ownership) {
        this.ownership = ownership;
    }

    public Summary run() {
        Ownership owner = ownership;
        Predicate<String> mine;
        try {
            mine = owner.startCycle();
        } catch (RuntimeException e) {
            // Without knowing what we own, evaluating anything could notify what another replica notifies.
            return new Summary(0, 0, 0, 1, 0);
        }
        List<RuleBook.Entry> entries = rules.all().stream().filter(e -> mine.test(e.rule().id())).toList();
        long now = clock.getAsLong();
        if (seasonal != null) {
            seasonal.startCycle(now);
        }
        // Rules on the same metric, matchers and window share one query.
        Map<SliceSource.Query, Integer> index = new HashMap<>();
        List<SliceSource.Query> queries = new ArrayList<>();
        int[] queryOf = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            WatchRule r = entries.get(i).rule();
            SliceSource.Query q = new SliceSource.Query(r.metric(), r.matchers(), r.pointsToRead(),
                    r.windowStartMs(now));
            queryOf[i] = index.computeIfAbsent(q, k -> {
                queries.add(k);
                return queries.size() - 1;
            });
        }
        SliceSource.Result[] results = new SliceSource.Result[queries.size()];
        String[] failures = new String[queries.size()];
        for (int from = 0; from < queries.size(); from += batchSize) {
            int to = Math.min(queries.size(), from + batchSize);
            try {
                List<SliceSource.Result> got = source.fetch(queries.subList(from, to));
                for (int k = from; k < to; k++) {
                    results[k] = got.get(k - from);
                }
            } catch (RuntimeException e) {
                for (int k = from; k < to; k++) {
                    failures[k] = "store could not be read: " + e.getMessage();
                }
            }
        }
        int evaluated = 0;
        int firing = 0;
        int notified = 0;
        int errors = 0;
        int changed = 0;
        for (int i = 0; i < entries.size(); i++) {
            RuleBook.Entry entry = entries.get(i);
            Outcome o = failures[queryOf[i]] != null ? failed(entry, failures[queryOf[i]], now)
                    : evaluate(entry, results[queryOf[i]], now);
            if (!recordAndNotify(owner, entry, o, now)) {
                continue; // another replica evaluated this rule: its record stands, ours is dropped
            }
            evaluated++;
            notified += o.notified;
            errors += o.errors;
            if (o.series.values().stream().anyMatch(s -> s.status().state() == RuleState.FIRING)) {
                firing++;
            }
            if (lifecycleMoved(entry.series(), o.series)) {
                changed++;
            }
            rules.update(entry.rule(), o.series);
        }
        return new Summary(evaluated, firing, notified, errors, changed);
    }

    private static boolean lifecycleMoved(Map<String, RuleBook.SeriesStatus> before,
            Map<String, RuleBook.SeriesStatus> after) {
        if (before.size() != after.size()) {
            return true;
        }
        for (Map.Entry<String, RuleBook.SeriesStatus> e : after.entrySet()) {
            RuleBook.SeriesStatus old = before.get(e.getKey());
            if (old == null || !e.getValue().status().sameAs(old.status())) {
                return true;
            }
        }
        return false;
    }

    /** A notification decided by the evaluation, sent once the outcome is recorded. */
    private record Pending(String key, Map<String, String> labels, RuleStatus previous, RuleStatus next,
            boolean resolved) {
    }

    private static final class Outcome {
        final Map<String, RuleBook.SeriesStatus> series;
        final List<Pending> pending;
        int notified;
        int errors;

        Outcome(Map<String, RuleBook.SeriesStatus> series, List<Pending> pending, int errors) {
            this.series = series;
            this.pending = pending;
            this.errors = errors;
        }
    }

    /**
     * Records the outcome, then sends its notifications, then records what was sent. A rule with notifications to
     * send is first recorded with those transitions <em>not yet sent</em>: that record is the claim on the rule (a
     * replica whose compare-and-set fails sends nothing), and a replica killed before its send leaves them for the
     * next owner to send (at least once; the alert service drops a repeat of the same alert by fingerprint). A
     * notification that cannot be handed over leaves its series not sent, with the reason, so the next cycle
     * sends it again.
     *
     * @return false when the outcome could not be recorded (another replica has the rule)
     */
    private boolean recordAndNotify(Ownership owner, RuleBook.Entry entry, Outcome o, long now) {
        if (o.pending.isEmpty()) {
            return owner.record(entry, o.series);
        }
        Map<String, RuleBook.SeriesStatus> unsent = new HashMap<>(o.series);
        for (Pending p : o.pending) {
            unsent.put(p.key(), new RuleBook.SeriesStatus(p.labels(), notYetSent(p, now)));
        }
        if (!owner.record(entry, unsent)) {
            return false;
        }
        for (Pending p : o.pending) {
            try {
                sink.notify(entry.rule(), p.labels(), p.next(), p.resolved());
                o.notified++;
            } catch (RuntimeException e) {
                RuleStatus stay = notYetSent(p, now);
                o.series.put(p.key(), new RuleBook.SeriesStatus(p.labels(), stay.withDetail(stay.state(), now,
                        "alert service did not take the " + (p.resolved() ? "resolution" : "alert") + ": "
                                + e.getMessage())));
                o.errors++;
            }
        }
        // If this second record is lost (the replica dies, or another one took the rule meanwhile), the
        // transitions stay recorded as not sent and the next owner sends them again: a repeat, never a loss.
        owner.record(entry, o.series);
        return true;
    }

    /** What a series is while its notification has not gone out: a resolution not yet sent is still firing. */
    private static RuleStatus notYetSent(Pending p, long now) {
        RuleStatus previous = p.previous();
        RuleStatus next = p.next();
        return p.resolved() ? previous : new RuleStatus(next.state(), next.value(), next.baseline(), next.score(),
                now, previous.lastNotifiedMs(), next.activeSinceMs(), next.lastHeldMs(), false, "",
                next.baselineKind());
    }

    private static Outcome failed(RuleBook.Entry entry, String detail, long now) {
        Map<String, RuleBook.SeriesStatus> out = new HashMap<>();
        Map<String, RuleBook.SeriesStatus> old = entry.series().isEmpty()
                ? Map.of("", new RuleBook.SeriesStatus(Map.of(), RuleStatus.INITIAL)) : entry.series();
        // A firing or pending series stays so (nothing says the condition stopped; a pending one keeps its `for`
        // progress); the others show the error. The detail says why either way.
        old.forEach((k, s) -> {
            RuleState state = s.status().state();
            RuleState shown = state == RuleState.FIRING || state == RuleState.PENDING ? state : RuleState.ERROR;
            out.put(k, new RuleBook.SeriesStatus(s.labels(), s.status().withDetail(shown, now, detail)));
        });
        return new Outcome(out, List.of(), 1);
    }

    private Outcome evaluate(RuleBook.Entry entry, SliceSource.Result result, long now) {
        WatchRule rule = entry.rule();
        Map<String, RuleBook.SeriesStatus> out = new HashMap<>();
        List<Pending> counts = new ArrayList<>();
        if (!rule.perSeries()) {
            Window window = result.merged(rule.pointsToRead());
            step(rule, rule.matchers(), "", window, entry, now, out, counts);
            return new Outcome(out, counts, 0);
        }
        for (SliceSource.SeriesWindow s : result.series()) {
            step(rule, s.labels(), RuleBook.seriesKey(s.labels()), s.window(), entry, now, out, counts);
        }
        // A series that vanished: firing or pending ones are judged without data (so they resolve); others go.
        entry.series().forEach((key, old) -> {
            if (!out.containsKey(key) && !key.isEmpty() && (old.status().state() == RuleState.FIRING
                    || old.status().state() == RuleState.PENDING)) {
                step(rule, old.labels(), key, Window.noData("series no longer has data"), entry, now, out, counts);
            }
        });
        if (out.isEmpty()) {
            step(rule, rule.matchers(), "", result.merged(rule.pointsToRead()), entry, now, out, counts);
        }
        return new Outcome(out, counts, 0);
    }

    private void step(WatchRule rule, Map<String, String> labels, String key, Window window, RuleBook.Entry entry,
            long now, Map<String, RuleBook.SeriesStatus> out, List<Pending> pending) {
        RuleBook.SeriesStatus old = entry.series().get(key);
        RuleStatus previous = old == null ? RuleStatus.INITIAL : old.status();
        RuleEvaluator.Verdict verdict = RuleEvaluator.evaluate(rule, window, seasonalSample(rule, labels, window, now),
                previous, now);
        RuleStatus next = verdict.status();
        if (verdict.notification() != RuleEvaluator.Notification.NONE) {
            pending.add(new Pending(key, labels, previous, next,
                    verdict.notification() == RuleEvaluator.Notification.RESOLVED));
        }
        out.put(key, new RuleBook.SeriesStatus(labels, next));
    }

    private SeasonalSample seasonalSample(WatchRule rule, Map<String, String> labels, Window window, long now) {
        if (rule.type() != WatchRule.Type.AUTO || !rule.auto().seasonal() || window.size() == 0) {
            return null;
        }
        if (seasonal == null) {
            return SeasonalSample.missing(rule.auto().seasonality(), "no seasonal history source");
        }
        return seasonal.sample(rule, rule.perSeries() ? labels : null, window, now);
    }
}
