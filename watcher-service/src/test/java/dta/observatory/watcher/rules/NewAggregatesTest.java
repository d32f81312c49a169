package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** rate and the percentiles, which the seed lacked. */
class NewAggregatesTest {

    @Test
    void rateIsTheIncreasePerSecondAndSurvivesCounterResets() {
        long[] ts = {0, 10_000, 20_000, 30_000};
        assertThat(Aggregate.RATE.apply(new double[] {100, 110, 120, 130}, ts)).isEqualTo(1.0);
        // 100 → 150 (+50), reset to 10 (+10 from zero), → 40 (+30): 90 over 30 s
        assertThat(Aggregate.RATE.apply(new double[] {100, 150, 10, 40}, ts)).isEqualTo(3.0);
        assertThat(Aggregate.RATE.apply(new double[] {1, 2}, new long[] {5, 5})).isNaN();
        assertThatThrownBy(() -> Aggregate.RATE.apply(new double[] {1}, new long[] {1}))
                .hasMessage("rate needs at least 2 points, got 1");
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        double[] hundred = new double[101];
        for (int i = 0; i <= 100; i++) {
            hundred[100 - i] = i; // unsorted on purpose
        }
        assertThat(Aggregate.P50.apply(hundred)).isEqualTo(50);
        assertThat(Aggregate.P90.apply(hundred)).isEqualTo(90);
        assertThat(Aggregate.P99.apply(hundred)).isCloseTo(99, within(1e-9));
        assertThat(Aggregate.P50.apply(new double[] {1, 2})).isEqualTo(1.5);
        assertThat(Aggregate.P99.apply(new double[] {7})).isEqualTo(7);
        assertThat(Aggregate.parse("P90")).isEqualTo(Aggregate.P90);
    }

    @Test
    void templatesNameTheValueThresholdAndLabels() {
        WatchRule rule = new WatchRule("lat", "svc.latency_ms", java.util.Map.of(), 10, Aggregate.P99,
                Comparator.GT, 250, null, null, null, "p99 {{value}} ms > {{ $threshold }} on {{labels.host}}");
        RuleStatus status = new RuleStatus(RuleState.FIRING, 312.123456789, Double.NaN, Double.NaN, 0, 0, 0, 0,
                true, "");
        assertThat(Templates.render(rule.summary(), rule, java.util.Map.of("host", "a1"), status))
                .isEqualTo("p99 312.123 ms > 250 on a1");
        assertThatThrownBy(() -> new WatchRule("lat", "m", java.util.Map.of(), 10, Aggregate.P99, Comparator.GT, 1,
                null, null, null, "{{valeu}}")).hasMessageStartingWith("summary: unknown placeholder {{valeu}}");
    }
}
