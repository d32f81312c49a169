package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.persistence.StateFile;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the evaluation cycle every {@code dta.watcher.eval-interval}; a slow cycle is never overlapped by the next.
 * After a cycle in which some rule moved in its lifecycle, the state file is saved.
 */
@ApplicationScoped
public class EvaluationScheduler {

    private static final Logger LOG = Logger.getLogger(EvaluationScheduler.class);

    private final EvaluationCycle cycle;
    private final WatcherMetrics metrics;
    private final RuleBook rules;
    private final Optional<StateFile> state;

    EvaluationScheduler(EvaluationCycle cycle, WatcherMetrics metrics, RuleBook rules, Optional<StateFile> state) {
        this.cycle = cycle;
        this.metrics = metrics;
        this.rules = rules;
        this.state = state;
    }

    @Scheduled(every = "${dta.watcher.eval-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        if (!rules.startupDone()) {
            return; // the scheduler starts with the application, possibly before the saved states are back
        }
        long start = System.nanoTime();
        EvaluationCycle.Summary summary = cycle.run();
        if (summary.changed() > 0 && state.isPresent()) {
            try {
                state.get().save(rules, System.currentTimeMillis());
            } catch (RuntimeException e) {
                metrics.saveFailed();
                LOG.warnf("%s", e.getMessage());
            }
        }
        metrics.record(summary, Duration.ofNanos(System.nanoTime() - start), rules.countByState());
        if (summary.notified() > 0 || summary.errors() > 0) {
            LOG.infof("evaluated %d rules: %d firing, %d notifications sent, %d errors", summary.evaluated(),
                    summary.firing(), summary.notified(), summary.errors());
        }
    }
}
