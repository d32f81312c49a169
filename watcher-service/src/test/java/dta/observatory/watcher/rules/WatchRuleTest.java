package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchRuleTest {

    private static WatchRule rule(String id, String metric, int window, Aggregate aggregate, double threshold) {
        return new WatchRule(id, metric, Map.of(), window, aggregate, Comparator.LT, threshold, null, null, null,
                null);
    }

    @Test
    void fillsTheSeedsDefaults() {
        WatchRule r = rule("r1", "permit.pay.ok", 100, Aggregate.AVG, 0.95);
        assertThat(r.minInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(r.channels()).isEqualTo(List.of("webhook"));
        assertThat(r.severity()).isEqualTo("warning");
        assertThat(r.summary()).isEqualTo("avg(permit.pay.ok) < 0.95");
    }

    @Test
    void refusesBadFieldsNamingThem() {
        assertThatThrownBy(() -> rule("", "m", 1, Aggregate.AVG, 1)).hasMessageContaining("id ''");
        assertThatThrownBy(() -> rule("r", " ", 1, Aggregate.AVG, 1)).hasMessage("metric is required");
        assertThatThrownBy(() -> rule("r", "m", -1, Aggregate.AVG, 1))
                .hasMessage("window must be between 1 and 10000 points, got -1");
        assertThatThrownBy(() -> rule("r", "m", 1, null, 1)).hasMessageStartingWith("aggregate is required");
        assertThatThrownBy(() -> rule("r", "m", 1, Aggregate.AVG, Double.NaN))
                .hasMessage("threshold must be a finite number, got NaN");
    }
}
