package dta.observatory.watcher.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.WatchRule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Alert the watcher hands to the alert service. */
class AlertServiceSinkTest {

    @Test
    void theSummaryAndDescriptionTemplatesAreRenderedIntoTheAlert() {
        WatchRule rule = new WatchRule("pay-ok", WatchRule.Type.THRESHOLD, "permit.pay.ok", Map.of(), 10,
                Duration.ZERO, Aggregate.AVG, Comparator.LT, 0.95, null, Duration.ZERO, Duration.ZERO, null, null,
                "critical", "Payment success {{value}} < {{threshold}}",
                "Payments on {{labels.service}} succeed {{value}} of the time; see runbook PAY-1", true, false);
        RuleStatus status = new RuleStatus(RuleState.FIRING, 0.9, Double.NaN, Double.NaN, 1_000, 1_000, 1_000,
                1_000, true, "");

        Alert alert = AlertServiceSink.toAlert(rule, Map.of("service", "permits"), status, false);

        assertThat(alert.getSummary()).isEqualTo("Payment success 0.9 < 0.95");
        assertThat(alert.getDescription())
                .isEqualTo("Payments on permits succeed 0.9 of the time; see runbook PAY-1");
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.ALERT_STATUS_FIRING);
        assertThat(alert.getLabelsMap()).containsEntry("service", "permits");
    }
}
