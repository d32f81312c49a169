package dta.observatory.alert.testing;

import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.alerts.AlertRecord;
import java.util.List;
import java.util.Map;

/** Alerts for tests. */
public final class Alerts {

    private static final AlertLog LOG = new AlertLog(100_000, () -> 1_800_000_000_000L);

    private Alerts() {
    }

    public static AlertEvent event(String rule, AlertEvent.Status status, String severity, Map<String, String> labels) {
        return new AlertEvent(rule, "permit.pay.ok", labels, 0.9, 0.95, "<", status, 1_800_000_000_000L, severity,
                "Payment success <95%", List.of());
    }

    public static AlertRecord firing(String rule, Map<String, String> labels) {
        return LOG.record(event(rule, AlertEvent.Status.FIRING, "warning", labels));
    }

    public static AlertRecord record(AlertEvent e) {
        return LOG.record(e);
    }
}
