package dta.observatory.watcher.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.ThresholdRule;
import dta.observatory.watcher.rules.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationCycleTest {

    private final RuleBook rules = new RuleBook();
    private final List<String> alerts = new ArrayList<>();
    private final Map<String, Window> data = new java.util.HashMap<>();
    private boolean alertServiceDown;
    private long now = 10_000;

    private final EvaluationCycle cycle = new EvaluationCycle(rules, (metric, matchers, n) -> {
        if (metric.equals("broken")) {
            throw new IllegalStateException("UNAVAILABLE: store down");
        }
        return data.getOrDefault(metric, Window.noData("no metric named '" + metric + "'"));
    }, (rule, status) -> {
        if (alertServiceDown) {
            throw new IllegalStateException("UNAVAILABLE: alert service down");
        }
        alerts.add(rule.id() + "=" + status.value());
    }, () -> now);

    private static ThresholdRule above(String id, String metric, double threshold) {
        return new ThresholdRule(id, metric, Map.of(), 2, Aggregate.MAX, Comparator.GT, threshold, null, null, null,
                null);
    }

    @Test
    void evaluatesEveryRuleAndReportsFiringOnes() {
        rules.add(above("hot", "temp", 10));
        rules.add(above("cold", "temp", 100));
        rules.add(above("missing", "no.such.metric", 1));
        data.put("temp", Window.of(5, 50));

        EvaluationCycle.Summary summary = cycle.run();

        assertThat(summary).isEqualTo(new EvaluationCycle.Summary(3, 1, 1, 0));
        assertThat(alerts).containsExactly("hot=50.0");
        assertThat(rules.get("cold").orElseThrow().status().state()).isEqualTo(RuleState.OK);
        assertThat(rules.get("missing").orElseThrow().status().state()).isEqualTo(RuleState.NO_DATA);
        assertThat(rules.get("missing").orElseThrow().status().detail()).isEqualTo("no metric named 'no.such.metric'");
    }

    @Test
    void aStoreFailureMarksOnlyThatRule() {
        rules.add(above("a-broken", "broken", 1));
        rules.add(above("b-hot", "temp", 10));
        data.put("temp", Window.of(50, 50));

        EvaluationCycle.Summary summary = cycle.run();

        assertThat(summary.errors()).isEqualTo(1);
        assertThat(rules.get("a-broken").orElseThrow().status().state()).isEqualTo(RuleState.ERROR);
        assertThat(rules.get("a-broken").orElseThrow().status().detail()).contains("store could not be read");
        assertThat(alerts).containsExactly("b-hot=50.0");
    }

    @Test
    void anAlertThatCouldNotBeHandedOverIsSentAgainNextCycle() {
        rules.add(above("hot", "temp", 10));
        data.put("temp", Window.of(50, 50));
        alertServiceDown = true;
        cycle.run();
        assertThat(rules.get("hot").orElseThrow().status().state()).isEqualTo(RuleState.ERROR);

        alertServiceDown = false;
        now += 2_000;
        cycle.run();
        assertThat(alerts).containsExactly("hot=50.0");
        now += 2_000;
        cycle.run();
        assertThat(alerts).as("then throttled by min_interval").hasSize(1);
    }
}
