package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.RuleState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** What the watcher reports at /q/metrics as dta_watcher_*. */
public final class WatcherMetrics {

    private final Counter evaluated;
    private final Counter notified;
    private final Counter errors;
    private final Counter saveFailures;
    private final Timer cycle;
    private final Map<RuleState, AtomicInteger> byState = new EnumMap<>(RuleState.class);

    public WatcherMetrics(MeterRegistry registry, RuleBook rules) {
        evaluated = Counter.builder("dta.watcher.rules.evaluated").description("Rule evaluations").register(registry);
        notified = Counter.builder("dta.watcher.alerts.sent")
                .description("Firings and resolutions handed to the alert service").register(registry);
        errors = Counter.builder("dta.watcher.evaluation.errors")
                .description("Evaluations that could not read data or hand over an alert").register(registry);
        saveFailures = Counter.builder("dta.watcher.state.save.failures")
                .description("Times the state file could not be written").register(registry);
        cycle = Timer.builder("dta.watcher.cycle.duration").description("Time one evaluation cycle took")
                .register(registry);
        registry.gauge("dta.watcher.rules", rules, RuleBook::size);
        for (RuleState s : RuleState.values()) {
            AtomicInteger n = new AtomicInteger();
            byState.put(s, n);
            Gauge.builder("dta.watcher.rules.state", n, AtomicInteger::get).tag("state",
                    s.name().toLowerCase(Locale.ROOT)).description("Rules per state after the last cycle")
                    .register(registry);
        }
    }

    public void record(EvaluationCycle.Summary summary, Duration took, Map<RuleState, Integer> counts) {
        evaluated.increment(summary.evaluated());
        notified.increment(summary.notified());
        errors.increment(summary.errors());
        cycle.record(took);
        counts.forEach((state, n) -> byState.get(state).set(n));
    }

    public void saveFailed() {
        saveFailures.increment();
    }
}
