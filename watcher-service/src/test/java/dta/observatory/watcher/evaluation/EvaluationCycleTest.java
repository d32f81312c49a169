package dta.observatory.watcher.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.AutoWatch;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.Seasonality;
import dta.observatory.watcher.rules.Templates;
import dta.observatory.watcher.rules.WatchRule;
import dta.observatory.watcher.rules.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationCycleTest {

    private final RuleBook rules = new RuleBook();
    private final List<String> alerts = new ArrayList<>();
    private final Map<String, List<SliceSource.SeriesWindow>> data = new HashMap<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private boolean alertServiceDown;
    private long now = 10_000;

    private final SliceSource source = queries -> {
        batchSizes.add(queries.size());
        List<SliceSource.Result> out = new ArrayList<>();
        for (SliceSource.Query q : queries) {
            if (q.metric().equals("broken")) {
                throw new IllegalStateException("UNAVAILABLE: store down");
            }
            List<SliceSource.SeriesWindow> series = data.get(q.metric());
            out.add(series == null ? SliceSource.Result.noData("no metric named '" + q.metric() + "'")
                    : new SliceSource.Result(series, null));
        }
        return out;
    };

    private final AlertSink sink = (rule, labels, status, resolved) -> {
        if (alertServiceDown) {
            throw new IllegalStateException("UNAVAILABLE: alert service down");
        }
        alerts.add((resolved ? "resolved " : "") + rule.id() + (labels.isEmpty() ? "" : labels) + "="
                + status.value());
    };

    private final EvaluationCycle cycle = new EvaluationCycle(rules, source, sink, () -> now, 2);

    private static WatchRule above(String id, String metric, double threshold) {
        return new WatchRule(id, metric, Map.of(), 2, Aggregate.MAX, Comparator.GT, threshold, null, null, null,
                null);
    }

    private void put(String metric, double... values) {
        data.put(metric, List.of(new SliceSource.SeriesWindow(Map.of(), Window.of(values))));
    }

    @Test
    void evaluatesEveryRuleInBatchesAndReportsFiringOnes() {
        rules.add(above("hot", "temp", 10));
        rules.add(above("cold", "temp", 100));
        rules.add(above("missing", "no.such.metric", 1));
        put("temp", 5, 50);

        EvaluationCycle.Summary summary = cycle.run();

        assertThat(summary.evaluated()).isEqualTo(3);
        assertThat(summary.firing()).isEqualTo(1);
        assertThat(summary.notified()).isEqualTo(1);
        assertThat(alerts).containsExactly("hot=50.0");
        assertThat(batchSizes).as("hot and cold share one query; two queries fit one batch of 2").containsExactly(2);
        assertThat(rules.get("cold").orElseThrow().status().state()).isEqualTo(RuleState.INACTIVE);
        assertThat(rules.get("missing").orElseThrow().status().state()).isEqualTo(RuleState.NO_DATA);
        assertThat(rules.get("missing").orElseThrow().status().detail()).isEqualTo("no metric named 'no.such.metric'");
    }

    @Test
    void aStoreFailureMarksOnlyTheRulesOfThatBatch() {
        rules.add(above("a-broken", "broken", 1));
        rules.add(above("b-also", "other", 1));
        rules.add(above("c-hot", "temp", 10));
        put("temp", 50, 50);
        put("other", 0, 0);

        EvaluationCycle.Summary summary = cycle.run();

        assertThat(summary.errors()).isEqualTo(2);
        assertThat(rules.get("a-broken").orElseThrow().status().state()).isEqualTo(RuleState.ERROR);
        assertThat(rules.get("a-broken").orElseThrow().status().detail()).contains("store could not be read");
        assertThat(alerts).containsExactly("c-hot=50.0");
    }

    @Test
    void anAlertThatCouldNotBeHandedOverIsSentAgainNextCycle() {
        rules.add(above("hot", "temp", 10));
        put("temp", 50, 50);
        alertServiceDown = true;
        cycle.run();
        assertThat(rules.get("hot").orElseThrow().status().detail()).startsWith("alert service did not take the alert");

        alertServiceDown = false;
        now += 2_000;
        cycle.run();
        assertThat(alerts).containsExactly("hot=50.0");
        now += 2_000;
        cycle.run();
        assertThat(alerts).as("then throttled by min_interval").hasSize(1);
    }

    @Test
    void aResolutionIsNotifiedOnce() {
        rules.add(above("hot", "temp", 10));
        put("temp", 50, 50);
        cycle.run();
        put("temp", 1, 1);
        now += 2_000;
        cycle.run();
        now += 2_000;
        cycle.run();
        assertThat(alerts).containsExactly("hot=50.0", "resolved hot=1.0");
        assertThat(rules.get("hot").orElseThrow().status().state()).isEqualTo(RuleState.RESOLVED);
    }

    @Test
    void perSeriesRulesKeepOneStatePerLabelSet() {
        WatchRule rule = new WatchRule("per-host", WatchRule.Type.THRESHOLD, "cpu", Map.of(), 1, Duration.ZERO,
                Aggregate.LAST, Comparator.GT, 90, null, Duration.ZERO, Duration.ZERO, null, null, null, null, null,
                true, false);
        rules.add(rule);
        data.put("cpu", List.of(new SliceSource.SeriesWindow(Map.of("host", "a"), Window.of(95)),
                new SliceSource.SeriesWindow(Map.of("host", "b"), Window.of(10))));

        cycle.run();

        RuleBook.Entry e = rules.get("per-host").orElseThrow();
        assertThat(e.series()).containsOnlyKeys("host=a", "host=b");
        assertThat(e.series().get("host=a").status().state()).isEqualTo(RuleState.FIRING);
        assertThat(e.series().get("host=b").status().state()).isEqualTo(RuleState.INACTIVE);
        assertThat(e.status().state()).as("the most urgent series speaks for the rule").isEqualTo(RuleState.FIRING);
        assertThat(alerts).containsExactly("per-host{host=a}=95.0");

        data.put("cpu", List.of(new SliceSource.SeriesWindow(Map.of("host", "b"), Window.of(99))));
        now += 2_000;
        cycle.run();
        assertThat(alerts).containsExactly("per-host{host=a}=95.0", "per-host{host=b}=99.0",
                "resolved per-host{host=a}=NaN");
    }

    @Test
    void aSeasonalAutoWatcherIsJudgedAgainstTheSameTimeYesterdayAndItsFiringNamesTheBaseline() {
        long day = Duration.ofDays(1).toMillis();
        now = 1_800_000_000_000L;
        List<String> ranges = new ArrayList<>();
        // Yesterday at this time the metric stood at 500 (+-10); today's recent window is a quiet 100.
        RangeSource store = (metric, matchers, from, to) -> {
            ranges.add(metric);
            int n = (int) ((to - from) / 1000);
            double[] v = new double[n];
            long[] ts = new long[n];
            for (int i = 0; i < n; i++) {
                ts[i] = from + i * 1000L;
                v[i] = ts[i] < now - day + 3_600_000 ? 500 + (i % 3 - 1) * 10 : 0;
            }
            return new SliceSource.Result(List.of(new SliceSource.SeriesWindow(Map.of(), new Window(v, ts, null))),
                    null);
        };
        List<RuleStatus> fired = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        AlertSink recording = (rule, labels, status, resolved) -> {
            fired.add(status);
            summaries.add(Templates.render(rule.summary(), rule, labels, status));
        };
        EvaluationCycle seasonalCycle = new EvaluationCycle(rules, source, recording, () -> now, 500,
                new SeasonalHistory(store, Duration.ofMinutes(10), 200));
        rules.add(new WatchRule("traffic-auto", WatchRule.Type.AUTO, "traffic", Map.of(), 60, Duration.ZERO, null,
                null, 0, new AutoWatch(2.5, null, AutoWatch.Direction.DOWN, 30, List.of(Seasonality.DAILY)),
                Duration.ZERO, Duration.ZERO, null, null, null, null, null, false, false));
        double[] quiet = new double[60];
        long[] ts = new long[60];
        for (int i = 0; i < 60; i++) {
            quiet[i] = 100 + (i % 3 - 1);
            ts[i] = now - (59 - i) * 1000L;
        }
        data.put("traffic", List.of(new SliceSource.SeriesWindow(Map.of(), new Window(quiet, ts, null))));

        seasonalCycle.run();

        RuleStatus status = rules.get("traffic-auto").orElseThrow().status();
        assertThat(status.state()).as("100 where yesterday had 500: traffic vanished").isEqualTo(RuleState.FIRING);
        assertThat(status.baselineKind()).isEqualTo("seasonal(1d)");
        assertThat(status.baseline()).isEqualTo(500);
        assertThat(fired).hasSize(1);
        assertThat(summaries.get(0)).startsWith("traffic = 101, baseline 500, score -");
        assertThat(ranges).as("1d, 2d and 3d back, one Range call each").hasSize(3);

        now += 2_000;
        seasonalCycle.run();
        assertThat(ranges).as("the next cycle reads the cached past").hasSize(3);
    }
}
