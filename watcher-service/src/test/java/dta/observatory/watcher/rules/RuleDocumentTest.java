package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The textual rule form (REST JSON and YAML) and its validation messages. */
class RuleDocumentTest {

    private static RuleDocument threshold(Object window, String aggregate, String forDuration) {
        return new RuleDocument("r", null, "m", null, window, aggregate, "<", 1.0, forDuration, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void readsPointAndDurationWindowsAndDurations() {
        WatchRule points = threshold(100, "avg", "1m").toRule("gen");
        assertThat(points.windowPoints()).isEqualTo(100);
        assertThat(points.forDuration()).isEqualTo(Duration.ofMinutes(1));
        WatchRule duration = threshold("5m", "p90", null).toRule("gen");
        assertThat(duration.windowDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(duration.aggregate()).isEqualTo(Aggregate.P90);
        assertThat(RuleDocument.of(duration, "api").window()).isEqualTo("300s");
        assertThat(RuleDocument.of(duration, "api").toRule("x")).as("round trip").isEqualTo(duration);
    }

    @Test
    void anAutoWatcherNeedsOnlyAMetric() {
        RuleDocument doc = new RuleDocument(null, "auto", "svc.latency_ms", null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, 3.0, "zscore", "up", null, null, null);
        WatchRule rule = doc.toRule("gen-1");
        assertThat(rule.id()).isEqualTo("gen-1");
        assertThat(rule.type()).isEqualTo(WatchRule.Type.AUTO);
        assertThat(rule.windowPoints()).isEqualTo(WatchRule.DEFAULT_AUTO_WINDOW);
        assertThat(rule.auto()).isEqualTo(new AutoWatch(3.0, AutoWatch.Method.ZSCORE, AutoWatch.Direction.UP, 30));
        assertThat(RuleDocument.of(rule, "api").toRule("x")).isEqualTo(rule);
    }

    @Test
    void anAutoWatcherTakesASeasonalityAndGivesItBack() {
        RuleDocument doc = new RuleDocument("s", "auto", "http.requests", null, "5m", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, List.of("weekly", "daily"), null);
        WatchRule rule = doc.toRule("g");
        assertThat(rule.auto().seasonality()).containsExactly(Duration.ofDays(1), Duration.ofDays(7));
        RuleDocument back = RuleDocument.of(rule, "api");
        assertThat(back.seasonality()).isEqualTo(List.of("daily", "weekly"));
        assertThat(back.toRule("x")).isEqualTo(rule);
        assertThat(RuleDocument.of(new RuleDocument("s", "auto", "m", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null).toRule("g"), "api")
                .seasonality()).as("left out when not seasonal").isNull();
        assertThatThrownBy(() -> new RuleDocument("r", null, "m", null, 5, "avg", "<", 1.0, null, null, null, null,
                null, null, null, null, null, null, null, null, null, "daily", null).toRule("g"))
                .hasMessage("seasonality applies to AutoWatchers (type auto) only");
    }

    @Test
    void refusesBadRulesWithClearMessages() {
        Consumer<Object[]> f = c -> assertThatThrownBy(() -> ((RuleDocument) c[0]).toRule("g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage((String) c[1]);
        f.accept(new Object[] {threshold(10, "median", null),
                "unknown aggregate 'median'; expected one of avg, min, max, sum, count, last, rate, p50, p90, p99"});
        f.accept(new Object[] {threshold(-5, "avg", null), "window must not be negative, got -5"});
        f.accept(new Object[] {threshold("-5m", "avg", null), "window must not be negative, got '-5m'"});
        f.accept(new Object[] {threshold(10, "avg", "-1m"), "for must not be negative, got '-1m'"});
        f.accept(new Object[] {threshold(null, "avg", null),
                "window is required: a number of points (1-10000) or a duration such as 5m"});
        f.accept(new Object[] {threshold(1, "rate", null), "rate needs a window of at least 2 points"});
        f.accept(new Object[] {new RuleDocument("r", null, "", null, 1, "avg", "<", 1.0, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null), "metric is required"});
        f.accept(new Object[] {new RuleDocument("r", "magic", "m", null, 1, "avg", "<", 1.0, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null),
                "unknown rule type 'magic'; expected threshold or auto"});
        f.accept(new Object[] {new RuleDocument("r", "auto", "m", null, 20, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, 30, null, null),
                "minPoints (30) must be smaller than the window (20 points)"});
        f.accept(new Object[] {new RuleDocument("r", null, "m", Map.of(), 1, "avg", "<", null, null, null, null,
                List.of(), null, null, null, null, null, null, null, null, null, null, null), "threshold is required"});
    }
}
