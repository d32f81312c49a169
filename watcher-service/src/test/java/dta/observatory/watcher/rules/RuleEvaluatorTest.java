package dta.observatory.watcher.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {

    private static final WatchRule PAY_OK = new WatchRule("pay-ok", "permit.pay.ok", Map.of(), 100,
            Aggregate.AVG, Comparator.LT, 0.95, Duration.ofSeconds(300), List.of("webhook"), null, null);

    private static Window payments(int count, int failures) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i < failures ? 0 : 1;
        }
        return Window.of(values);
    }

    @Test
    void firesOnAFullWindowBelowThresholdAndNamesTheValue() {
        RuleEvaluator.Verdict verdict = RuleEvaluator.evaluate(PAY_OK, payments(100, 10), RuleStatus.INITIAL, 1_000);
        assertThat(verdict.sendAlert()).isTrue();
        assertThat(verdict.status().state()).isEqualTo(RuleState.FIRING);
        assertThat(verdict.status().value()).isEqualTo(0.9);
        assertThat(verdict.status().lastNotifiedMs()).isEqualTo(1_000);
    }

    @Test
    void staysQuietAboveThreshold() {
        RuleEvaluator.Verdict verdict = RuleEvaluator.evaluate(PAY_OK, payments(100, 2), RuleStatus.INITIAL, 1_000);
        assertThat(verdict.sendAlert()).isFalse();
        assertThat(verdict.status().state()).isEqualTo(RuleState.INACTIVE);
        assertThat(verdict.status().value()).isEqualTo(0.98);
    }

    @Test
    void judgesNothingUntilTheWindowIsFullAsTheSeedDoes() {
        RuleEvaluator.Verdict verdict = RuleEvaluator.evaluate(PAY_OK, payments(99, 99), RuleStatus.INITIAL, 1_000);
        assertThat(verdict.sendAlert()).isFalse();
        assertThat(verdict.status().state()).isEqualTo(RuleState.NO_DATA);
        assertThat(verdict.status().detail()).isEqualTo("window not full: 99 of 100 points");
        RuleEvaluator.Verdict unknown = RuleEvaluator.evaluate(PAY_OK, Window.noData("no metric named 'x'"),
                RuleStatus.INITIAL, 1_000);
        assertThat(unknown.status().detail()).isEqualTo("no metric named 'x'");
    }

    @Test
    void throttlesRepeatsWithinMinIntervalAndAllowsThemAfter() {
        RuleStatus fired = RuleEvaluator.evaluate(PAY_OK, payments(100, 10), RuleStatus.INITIAL, 1_000).status();
        RuleEvaluator.Verdict soon = RuleEvaluator.evaluate(PAY_OK, payments(100, 10), fired, 1_000 + 299_999);
        assertThat(soon.sendAlert()).isFalse();
        assertThat(soon.status().state()).isEqualTo(RuleState.FIRING);
        assertThat(soon.status().lastNotifiedMs()).isEqualTo(1_000);
        RuleEvaluator.Verdict later = RuleEvaluator.evaluate(PAY_OK, payments(100, 10), soon.status(), 1_000 + 300_000);
        assertThat(later.sendAlert()).isTrue();
    }

    @Test
    void aRecoveryInBetweenDoesNotResetTheThrottle() {
        RuleStatus fired = RuleEvaluator.evaluate(PAY_OK, payments(100, 10), RuleStatus.INITIAL, 1_000).status();
        RuleStatus recovered = RuleEvaluator.evaluate(PAY_OK, payments(100, 0), fired, 3_000).status();
        assertThat(recovered.state()).isEqualTo(RuleState.RESOLVED);
        assertThat(RuleEvaluator.evaluate(PAY_OK, payments(100, 10), recovered, 5_000).sendAlert()).isFalse();
    }
}
