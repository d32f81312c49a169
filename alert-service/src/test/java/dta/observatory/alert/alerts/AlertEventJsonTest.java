package dta.observatory.alert.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alert events as the journal writes and replays them, before and after description existed. */
class AlertEventJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDescriptionSurvivesTheJournalAndOldEntriesReadAsEmpty() throws Exception {
        AlertEvent e = new AlertEvent("pay-ok", "permit.pay.ok", Map.of("service", "permits"), 0.9, 0.95, "<",
                AlertEvent.Status.FIRING, 1_000, "critical", "Payment success <95%", List.of("webhook"),
                "see runbook PAY-1");
        assertThat(json.readValue(json.writeValueAsString(e), AlertEvent.class)).isEqualTo(e);

        String old = "{\"ruleId\":\"pay-ok\",\"metric\":\"m\",\"labels\":{},\"value\":1,\"threshold\":2,"
                + "\"comparator\":\"<\",\"status\":\"FIRING\",\"observedAtMs\":5,\"severity\":\"warning\","
                + "\"summary\":\"s\",\"channels\":[]}";
        assertThat(json.readValue(old, AlertEvent.class).description()).isEmpty();
    }
}
