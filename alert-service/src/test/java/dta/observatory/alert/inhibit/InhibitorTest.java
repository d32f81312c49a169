package dta.observatory.alert.inhibit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InhibitorTest {

    private final Inhibitor inhibitor = new Inhibitor(List.of(
            InhibitRule.parse("severity=critical -> severity=warning | metric")));

    private static Map<String, String> alert(String severity, String metric) {
        return Map.of("severity", severity, "metric", metric, "rule", "r-" + severity);
    }

    @Test
    void aFiringCriticalMutesWarningsWithTheSameEqualLabels() {
        List<Map<String, String>> firing = List.of(alert("critical", "permit.pay.ok"));
        assertThat(inhibitor.inhibited(alert("warning", "permit.pay.ok"), firing)).isTrue();
        assertThat(inhibitor.inhibited(alert("warning", "disk.free"), firing)).as("other metric").isFalse();
        assertThat(inhibitor.inhibited(alert("critical", "permit.pay.ok"), firing)).as("not a target").isFalse();
        assertThat(inhibitor.inhibited(alert("warning", "permit.pay.ok"), List.of())).as("no source").isFalse();
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> InhibitRule.parse("severity=critical"))
                .hasMessage("inhibit rule must be 'source -> target [| equal,labels]', got 'severity=critical'");
        assertThatThrownBy(() -> InhibitRule.parse(" -> severity=warning"))
                .hasMessage("an inhibit rule needs source and target matchers");
    }
}
