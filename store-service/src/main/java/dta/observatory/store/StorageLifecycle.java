package dta.observatory.store;

import dta.observatory.store.cluster.query.ClusterWide;
import dta.observatory.store.engine.StorageListener;
import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.quota.AlertServiceDiskAlerts;
import dta.observatory.store.storage.RingBufferStorage;
import dta.observatory.store.storage.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Opens the storage engine at boot and closes it on shutdown. {@code dta.store.engine=tsdb} (default) opens the
 * durable engine at {@code dta.store.data-dir}; recovery (WAL replay) finishes before the bean exists, so the
 * service is not ready before its data is. {@code memory} keeps the seed's ring buffer.
 */
@ApplicationScoped
public class StorageLifecycle {

    private static final Logger LOG = Logger.getLogger(StorageLifecycle.class);

    /**
     * The engine's first maintenance run may come before the HTTP server (which also serves gRPC) listens; the
     * alert client is made on first use and in tests takes the server's port, so alerts wait for it.
     */
    private volatile boolean serverStarted;

    void serverStarted(@ObservesAsync HttpServerStart event) { // Quarkus fires it asynchronously
        serverStarted = true;
    }

    @Produces
    @Singleton
    @Startup
    Storage storage(@ConfigProperty(name = "dta.store.engine", defaultValue = "tsdb") String engine,
            @ConfigProperty(name = "dta.store.ring.capacity-per-series") int capacityPerSeries,
            @ConfigProperty(name = "dta.store.data-dir", defaultValue = "data/store") String dataDir,
            @ConfigProperty(name = "dta.store.max-disk-bytes", defaultValue = "0") long maxDiskBytes,
            @ConfigProperty(name = "dta.store.raw-retention", defaultValue = "30d") Duration rawRetention,
            @ConfigProperty(name = "dta.store.rollup-retention", defaultValue = "396d") Duration rollupRetention,
            @ConfigProperty(name = "dta.store.out-of-order-window", defaultValue = "1h") Duration outOfOrderWindow,
            @ConfigProperty(name = "dta.store.maintenance-interval", defaultValue = "1m") Duration maintenanceInterval,
            AlertServiceDiskAlerts diskAlerts, MeterRegistry registry) {
        if ("memory".equals(engine)) {
            return new RingBufferStorage(capacityPerSeries);
        }
        if (!"tsdb".equals(engine)) {
            throw new IllegalArgumentException("dta.store.engine must be 'tsdb' or 'memory', got '" + engine + "'");
        }
        if (maintenanceInterval.isZero() || maintenanceInterval.isNegative()) {
            throw new IllegalArgumentException("dta.store.maintenance-interval must be positive, got "
                    + maintenanceInterval);
        }
        StorageOptions options = StorageOptions.defaults().withMaxDiskBytes(maxDiskBytes)
                .withRawRetention(rawRetention).withRollupRetention(rollupRetention)
                .withOutOfOrderWindow(outOfOrderWindow).withMaintenanceInterval(maintenanceInterval);
        Counter diskHigh = registry.counter("dta_store_disk_usage_high_total");
        Counter pruned = registry.counter("dta_store_files_pruned_total");
        StorageListener listener = new StorageListener() {
            @Override
            public void diskUsageHigh(long usedBytes, long max) {
                diskHigh.increment();
                LOG.warnf("store disk usage %d bytes is above %.0f%% of max-disk-bytes %d", usedBytes,
                        options.diskWarnRatio() * 100, max);
                if (serverStarted) {
                    diskAlerts.high(usedBytes, max); // not sent before: reported again on the next run
                }
            }

            @Override
            public void diskUsageNormal(long usedBytes, long max) {
                LOG.infof("store disk usage %d bytes is back under %.0f%% of max-disk-bytes %d", usedBytes,
                        options.diskWarnRatio() * 100, max);
                if (serverStarted) {
                    diskAlerts.normal(usedBytes, max);
                }
            }

            @Override
            public void pruned(Path file, String reason) {
                pruned.increment();
                LOG.infof("store removed %s (%s)", file, reason);
            }
        };
        Path dir = Path.of(dataDir).toAbsolutePath();
        LOG.infof("opening storage at %s", dir);
        TsdbStorage storage = TsdbStorage.open(dir, options, Clock.systemUTC(), listener);
        Gauge.builder("dta_store_disk_bytes", storage, TsdbStorage::diskBytes).register(registry);
        Gauge.builder("dta_store_disk_max_bytes", () -> maxDiskBytes).register(registry);
        Gauge.builder("dta_store_series", storage, s -> s.stats().series()).register(registry);
        return storage;
    }

    @Produces
    @Singleton
    StoreQueries queries(@ClusterWide Storage storage) {
        return new StoreQueries(storage);
    }

    void close(@Disposes Storage storage) {
        storage.close();
    }
}
