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

    /** Queries per SliceBatch call: bounds one call's answer (the store refuses more than 1,000). */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final RuleBook rules;
    private final SliceSource source;
    private final AlertSink sink;
    private final LongSupplier clock;
    private final int batchSize;
    private final SeasonalHistory seasonal;

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

    public Summary run() {
        List<RuleBook.Entry> entries = rules.all();
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

    private record Outcome(Map<String, RuleBook.SeriesStatus> series, int notified, int errors) {
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
        return new Outcome(out, 0, 1);
    }

    private Outcome evaluate(RuleBook.Entry entry, SliceSource.Result result, long now) {
        WatchRule rule = entry.rule();
        Map<String, RuleBook.SeriesStatus> out = new HashMap<>();
        int[] counts = new int[2];
        if (!rule.perSeries()) {
            Window window = result.merged(rule.pointsToRead());
            step(rule, rule.matchers(), "", window, entry, now, out, counts);
            return new Outcome(out, counts[0], counts[1]);
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
        return new Outcome(out, counts[0], counts[1]);
    }

    private void step(WatchRule rule, Map<String, String> labels, String key, Window window, RuleBook.Entry entry,
            long now, Map<String, RuleBook.SeriesStatus> out, int[] counts) {
        RuleBook.SeriesStatus old = entry.series().get(key);
        RuleStatus previous = old == null ? RuleStatus.INITIAL : old.status();
        RuleEvaluator.Verdict verdict = RuleEvaluator.evaluate(rule, window, seasonalSample(rule, labels, window, now),
                previous, now);
        RuleStatus next = verdict.status();
        if (verdict.notification() != RuleEvaluator.Notification.NONE) {
            boolean resolved = verdict.notification() == RuleEvaluator.Notification.RESOLVED;
            try {
                sink.notify(rule, labels, next, resolved);
                counts[0]++;
            } catch (RuntimeException e) {
                // Not handed over: stay where we were so the next cycle sends it again.
                RuleStatus stay = resolved ? previous : new RuleStatus(next.state(), next.value(), next.baseline(),
                        next.score(), now, previous.lastNotifiedMs(), next.activeSinceMs(), next.lastHeldMs(), false,
                        "", next.baselineKind());
                next = stay.withDetail(stay.state(), now, "alert service did not take the "
                        + (resolved ? "resolution" : "alert") + ": " + e.getMessage());
                counts[1]++;
            }
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
