package dta.observatory.alert.alerts;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An alert as the watcher reports it: a rule fired (or resolved) with a value. */
public record AlertEvent(String ruleId, String metric, Map<String, String> labels, double value, double threshold,
        String comparator, Status status, long observedAtMs, String severity, String summary, List<String> channels) {

    /** Whether the alert starts or ends. */
    public enum Status { FIRING, RESOLVED }

    public AlertEvent {
        if (ruleId == null || ruleId.isBlank()) {
            throw new IllegalArgumentException("alert has no rule id");
        }
        Objects.requireNonNull(status, "alert has no status (firing or resolved)");
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        channels = List.copyOf(channels == null ? List.of() : channels);
    }
}
