package dta.observatory.alert.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert as the watcher reports it: a rule fired (or resolved) with a value.
 *
 * @param description the rule's longer text (runbook, what to check), rendered by the watcher; empty when none
 */
public record AlertEvent(String ruleId, String metric, Map<String, String> labels, double value, double threshold,
        String comparator, Status status, long observedAtMs, String severity, String summary, List<String> channels,
        String description) {

    /** Whether the alert starts or ends. */
    public enum Status { FIRING, RESOLVED }

    @JsonCreator // the canonical form, also for journals written before description existed
    public AlertEvent {
        if (ruleId == null || ruleId.isBlank()) {
            throw new IllegalArgumentException("alert has no rule id");
        }
        Objects.requireNonNull(status, "alert has no status (firing or resolved)");
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        channels = List.copyOf(channels == null ? List.of() : channels);
        description = description == null ? "" : description;
    }

    public AlertEvent(String ruleId, String metric, Map<String, String> labels, double value, double threshold,
            String comparator, Status status, long observedAtMs, String severity, String summary,
            List<String> channels) {
        this(ruleId, metric, labels, value, threshold, comparator, status, observedAtMs, severity, summary, channels,
                "");
    }
}
