package dta.observatory.ingest.cardinality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardinalityLimiterTest {

    @Test
    void refusesNewSeriesOfAFullMetricButKeepsKnownOnes() {
        CardinalityLimiter limiter = new CardinalityLimiter(2, 10);
        assertThat(limiter.check("m", Map.of("id", "1"))).isNull();
        assertThat(limiter.check("m", Map.of("id", "2"))).isNull();
        assertThat(limiter.check("m", Map.of("id", "3"))).isEqualTo("metric 'm' already has 2 series; new label "
                + "sets are refused (the per-metric cardinality limit)");
        assertThat(limiter.check("m", Map.of("id", "1"))).isNull();
        assertThat(limiter.check("other", Map.of("id", "3"))).isNull();
        assertThat(limiter.seriesOf("m")).isEqualTo(2);
    }

    @Test
    void boundsTheNumberOfMetricsAndIgnoresLabelOrder() {
        CardinalityLimiter limiter = new CardinalityLimiter(5, 1);
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(limiter.check("m", ab)).isNull();
        assertThat(limiter.check("m", ba)).isNull();
        assertThat(limiter.seriesOf("m")).isEqualTo(1);
        assertThat(limiter.check("n", Map.of())).isEqualTo("ingest already tracks 1 metrics; new metric 'n' refused");
        assertThatThrownBy(() -> new CardinalityLimiter(0, 1)).hasMessage("maxSeriesPerMetric must be >= 1, got 0");
    }

    @Test
    void labelSetsThatShareNamesAndValuesStillCountApart() {
        CardinalityLimiter limiter = new CardinalityLimiter(10, 10);
        limiter.check("m", Map.of("a", "1", "b", "2"));
        limiter.check("m", Map.of("a", "2", "b", "1")); // same values, swapped
        limiter.check("m", Map.of("a", "12"));
        limiter.check("m", Map.of("a1", "2"));
        limiter.check("m", Map.of("b", "2", "a", "1")); // the first again, in another order
        assertThat(limiter.seriesOf("m")).isEqualTo(4);
    }
}
