package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.ThresholdRule;

/** Where firing rules are reported: the alert service over gRPC in the service. */
public interface AlertSink {

    /**
     * Reports that {@code rule} fires with the value in {@code status}.
     *
     * @throws RuntimeException when the alert could not be handed over (the watcher retries next cycle)
     */
    void firing(ThresholdRule rule, RuleStatus status);
}
