package dta.observatory.watcher;

import dta.observatory.watcher.evaluation.AlertSink;
import dta.observatory.watcher.evaluation.EvaluationCycle;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.evaluation.SliceSource;
import dta.observatory.watcher.evaluation.WatcherMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the plain-Java watcher core. */
@ApplicationScoped
public class WatcherWiring {

    @Produces
    @Singleton
    RuleBook rules() {
        return new RuleBook();
    }

    @Produces
    @Singleton
    EvaluationCycle cycle(RuleBook rules, SliceSource source, AlertSink sink) {
        return new EvaluationCycle(rules, source, sink, System::currentTimeMillis);
    }

    @Produces
    @Singleton
    @Startup
    WatcherMetrics metrics(MeterRegistry registry, RuleBook rules) {
        return new WatcherMetrics(registry, rules);
    }
}
