package dta.observatory.watcher.evaluation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** What the watcher reports at /q/metrics as dta_watcher_*. */
public final class WatcherMetrics {

    private final Counter evaluated;
    private final Counter notified;
    private final Counter errors;
    private final Timer cycle;

    public WatcherMetrics(MeterRegistry registry, RuleBook rules) {
        evaluated = Counter.builder("dta.watcher.rules.evaluated").description("Rule evaluations").register(registry);
        notified = Counter.builder("dta.watcher.alerts.sent").description("Firing alerts handed to the alert service")
                .register(registry);
        errors = Counter.builder("dta.watcher.evaluation.errors")
                .description("Evaluations that could not read data or hand over an alert").register(registry);
        cycle = Timer.builder("dta.watcher.cycle.duration").description("Time one evaluation cycle took")
                .register(registry);
        registry.gauge("dta.watcher.rules", rules, r -> r.all().size());
    }

    public void record(EvaluationCycle.Summary summary, Duration took) {
        evaluated.increment(summary.evaluated());
        notified.increment(summary.notified());
        errors.increment(summary.errors());
        cycle.record(took);
    }
}
