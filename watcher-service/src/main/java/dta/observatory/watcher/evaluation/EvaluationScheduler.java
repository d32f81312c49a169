package dta.observatory.watcher.evaluation;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Runs the evaluation cycle every {@code dta.watcher.eval-interval}; a slow cycle is never overlapped by the next. */
@ApplicationScoped
public class EvaluationScheduler {

    private static final Logger LOG = Logger.getLogger(EvaluationScheduler.class);

    private final EvaluationCycle cycle;
    private final WatcherMetrics metrics;

    EvaluationScheduler(EvaluationCycle cycle, WatcherMetrics metrics) {
        this.cycle = cycle;
        this.metrics = metrics;
    }

    @Scheduled(every = "${dta.watcher.eval-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        long start = System.nanoTime();
        EvaluationCycle.Summary summary = cycle.run();
        metrics.record(summary, Duration.ofNanos(System.nanoTime() - start));
        if (summary.notified() > 0 || summary.errors() > 0) {
            LOG.infof("evaluated %d rules: %d firing, %d alerts sent, %d errors", summary.evaluated(), summary.firing(),
                    summary.notified(), summary.errors());
        }
    }
}
