package dta.observatory.alert.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AlertLogTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AlertLog log = new AlertLog(3, clock::get);

    private static AlertEvent event(String rule, AlertEvent.Status status) {
        return new AlertEvent(rule, "m", Map.of(), 1, 2, "<", status, 0, "warning", "s", List.of());
    }

    @Test
    void listsNewestFirstWithFiltersAndForgetsTheOldestPastCapacity() {
        for (String rule : List.of("a", "b", "a", "c")) {
            clock.incrementAndGet();
            log.record(event(rule, rule.equals("c") ? AlertEvent.Status.RESOLVED : AlertEvent.Status.FIRING));
        }
        assertThat(log.list(null, null, 10)).extracting(r -> r.event().ruleId()).containsExactly("c", "a", "b");
        assertThat(log.list("a", null, 10)).hasSize(1);
        assertThat(log.list(null, AlertEvent.Status.RESOLVED, 10)).extracting(r -> r.event().ruleId())
                .containsExactly("c");
        assertThat(log.list(null, null, 1)).hasSize(1);
    }

    @Test
    void stampsObservationTimeAndAcknowledgesOnce() {
        AlertRecord record = log.record(event("a", AlertEvent.Status.FIRING));
        assertThat(record.event().observedAtMs()).isEqualTo(1_000);
        clock.set(2_000);
        assertThat(log.acknowledge(record.id(), "ana").orElseThrow().acknowledgedAtMs()).isEqualTo(2_000);
        clock.set(3_000);
        AlertRecord again = log.acknowledge(record.id(), "bo").orElseThrow();
        assertThat(again.acknowledgedBy()).isEqualTo("ana");
        assertThat(log.acknowledge("nope", "x")).isEmpty();
    }

    @Test
    void refusesAnAlertWithoutRuleOrStatus() {
        assertThatThrownBy(() -> event("", AlertEvent.Status.FIRING)).hasMessage("alert has no rule id");
        assertThatThrownBy(() -> event("r", null)).hasMessageContaining("no status");
    }
}
