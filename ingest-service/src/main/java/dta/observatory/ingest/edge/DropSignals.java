package dta.observatory.ingest.edge;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.Sample;
import dta.observatory.ingest.floodguard.DropReporter;
import dta.observatory.ingest.floodguard.FloodGuard;
import dta.observatory.ingest.forward.GrpcStoreWriter;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Quarkus glue of {@link DropReporter}: ticks it once a second on its own thread, appends {@code dta.dropped} to
 * the store and raises the {@code dta.dropped} alert through {@link DroppedAlertNotifier}.
 */
@Startup
@ApplicationScoped
public class DropSignals {

    private static final Logger LOG = Logger.getLogger(DropSignals.class);

    private final DropReporter reporter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dta-dropped-reporter");
        t.setDaemon(true);
        return t;
    });

    DropSignals(FloodGuard guard, GrpcStoreWriter store, DroppedAlertNotifier alerts,
            @ConfigProperty(name = "dta.ingest.flood.alert-min-interval") Duration minInterval) {
        // store and alerts are client proxies: their gRPC clients are made at the first drop, not at startup.
        this.reporter = new DropReporter(guard, minInterval.toMillis(),
                (count, at) -> store.append(AppendRequest.newBuilder().addSamples(Sample.newBuilder()
                                .setMetric(DropReporter.METRIC).setValue(count).setTimestampMs(at)).build())
                        .subscribe().with(ok -> { }, e -> LOG.warnf("could not store %s: %s", DropReporter.METRIC,
                                e.getMessage())),
                alerts::alert, System::currentTimeMillis);
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            reporter.tick();
        } catch (RuntimeException e) {
            LOG.warnf("dropped-sample report failed: %s", e.getMessage());
        }
    }

    /** Alerts raised since start. */
    public long alerts() {
        return reporter.alerts();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
