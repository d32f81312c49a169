package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.watcher.rules.RuleEvaluator.Notification;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** inactive → pending → firing → resolved, with `for` and `keep_firing_for` on an injected clock. */
class LifecycleTest {

    private static WatchRule rule(Duration forDuration, Duration keepFiringFor) {
        return new WatchRule("hot", WatchRule.Type.THRESHOLD, "temp", Map.of(), 1, Duration.ZERO, Aggregate.LAST,
                Comparator.GT, 10, null, forDuration, keepFiringFor, Duration.ofSeconds(60), null, null, null, null,
                false, false);
    }

    /** Feeds one value per step of 1 s from t = 1 s and records state and notification of each step. */
    private static String run(WatchRule rule, double... values) {
        RuleStatus status = RuleStatus.INITIAL;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            RuleEvaluator.Verdict v = RuleEvaluator.evaluate(rule, Window.of(values[i]), status, (i + 1) * 1000L);
            status = v.status();
            out.append(out.length() == 0 ? "" : " ").append(status.state().name().toLowerCase());
            if (v.notification() != Notification.NONE) {
                out.append('!').append(v.notification().name().toLowerCase());
            }
        }
        return out.toString();
    }

    @Test
    void withoutForARuleFiresAtOnceAndResolvesAtOnce() {
        assertThat(run(rule(Duration.ZERO, Duration.ZERO), 1, 50, 50, 1, 1))
                .isEqualTo("inactive firing!firing firing resolved!resolved resolved");
    }

    @Test
    void forHoldsTheRulePendingUntilTheConditionLastedThatLong() {
        assertThat(run(rule(Duration.ofSeconds(3), Duration.ZERO), 50, 50, 50, 50, 1))
                .isEqualTo("pending pending pending firing!firing resolved!resolved");
    }

    @Test
    void aBreakDuringPendingStartsForOver() {
        assertThat(run(rule(Duration.ofSeconds(2), Duration.ZERO), 50, 50, 1, 50, 50, 50))
                .isEqualTo("pending pending inactive pending pending firing!firing");
    }

    @Test
    void keepFiringForRidesOutFlapping() {
        assertThat(run(rule(Duration.ZERO, Duration.ofSeconds(2)), 50, 1, 50, 1, 1, 1))
                .as("one good value does not resolve; two seconds without the condition do")
                .isEqualTo("firing!firing firing firing firing resolved!resolved resolved");
    }

    @Test
    void aFiringThatWasNeverNotifiedResolvesSilently() {
        WatchRule throttled = new WatchRule("hot", WatchRule.Type.THRESHOLD, "temp", Map.of(), 1, Duration.ZERO,
                Aggregate.LAST, Comparator.GT, 10, null, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), null,
                null, null, null, false, false);
        assertThat(run(throttled, 50, 1, 50, 1))
                .as("the second firing is inside min_interval: neither it nor its resolution is sent")
                .isEqualTo("firing!firing resolved!resolved firing resolved");
    }

    @Test
    void noDataIsItsOwnStateUnlessTheRuleAlertsOnIt() {
        WatchRule quiet = rule(Duration.ZERO, Duration.ZERO);
        RuleEvaluator.Verdict v = RuleEvaluator.evaluate(quiet, Window.noData("no metric named 'temp'"),
                RuleStatus.INITIAL, 1000);
        assertThat(v.status().state()).isEqualTo(RuleState.NO_DATA);
        assertThat(v.notification()).isEqualTo(Notification.NONE);

        WatchRule loud = new WatchRule("hot", WatchRule.Type.THRESHOLD, "temp", Map.of(), 1, Duration.ZERO,
                Aggregate.LAST, Comparator.GT, 10, null, Duration.ZERO, Duration.ZERO, null, null, null, null, null,
                false, true);
        RuleEvaluator.Verdict alerting = RuleEvaluator.evaluate(loud, Window.noData("no metric named 'temp'"),
                RuleStatus.INITIAL, 1000);
        assertThat(alerting.status().state()).isEqualTo(RuleState.FIRING);
        assertThat(alerting.status().detail()).isEqualTo("no metric named 'temp'");
        assertThat(alerting.notification()).isEqualTo(Notification.FIRING);
    }

    @Test
    void durationWindowsJudgeWhatTheyHold() {
        WatchRule fiveMinutes = new WatchRule("r", WatchRule.Type.THRESHOLD, "req", Map.of(), 0,
                Duration.ofMinutes(5), Aggregate.RATE, Comparator.GT, 1, null, null, null, null, null, null, null,
                null, false, false);
        assertThat(fiveMinutes.pointsToRead()).isEqualTo(WatchRule.MAX_WINDOW);
        assertThat(fiveMinutes.windowStartMs(600_000)).isEqualTo(300_000);
        RuleEvaluator.Verdict one = RuleEvaluator.evaluate(fiveMinutes, Window.of(5), RuleStatus.INITIAL, 1000);
        assertThat(one.status().detail()).isEqualTo("window has 1 points in the last 300s, rate needs 2");
        RuleEvaluator.Verdict two = RuleEvaluator.evaluate(fiveMinutes,
                new Window(new double[] {0, 120}, new long[] {0, 60_000}, null), RuleStatus.INITIAL, 1000);
        assertThat(two.status().value()).isEqualTo(2.0);
        assertThat(two.status().state()).isEqualTo(RuleState.FIRING);
    }
}
