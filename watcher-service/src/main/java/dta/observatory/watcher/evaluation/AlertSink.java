package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.WatchRule;
import java.util.Map;

/** Where firings and resolutions are reported: the alert service over gRPC in the service. */
public interface AlertSink {

    /**
     * Reports that {@code rule} fires (or, with {@code resolved}, stopped firing) for the series {@code labels}.
     *
     * @throws RuntimeException when the alert could not be handed over (the watcher retries next cycle)
     */
    void notify(WatchRule rule, Map<String, String> labels, RuleStatus status, boolean resolved);
}
