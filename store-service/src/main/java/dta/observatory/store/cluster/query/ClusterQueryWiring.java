package dta.observatory.store.cluster.query;

import dta.observatory.store.cluster.ClusterMode;
import dta.observatory.store.cluster.ClusterTopology;
import dta.observatory.store.cluster.ReplicaReadiness;
import dta.observatory.store.storage.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds the {@link ClusterWide} storage the read APIs use: the engine itself for a single store, a
 * {@link ShardedStorage} over the local engine and one {@link PeerShardReader} per other instance in cluster mode.
 * Counts answers that had to leave a shard out ({@code dta.store.query.partial}, tag {@code shard}).
 */
@ApplicationScoped
public class ClusterQueryWiring {

    private static final Logger LOG = Logger.getLogger(ClusterQueryWiring.class);

    private ExecutorService fanOut;

    @Produces
    @Singleton
    @ClusterWide
    Storage clusterWide(Storage engine, ClusterMode mode, ReplicaReadiness readiness, MeterRegistry registry,
            @ConfigProperty(name = "dta.store.cluster.query-timeout", defaultValue = "2s") Duration timeout) {
        if (!mode.clustered()) {
            return engine;
        }
        ClusterTopology topology = mode.topology();
        AtomicInteger threads = new AtomicInteger();
        fanOut = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "store-fan-out-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Counter[] partial = new Counter[topology.shards()];
        for (int s = 0; s < partial.length; s++) {
            partial[s] = Counter.builder("dta.store.query.partial").tag("shard", Integer.toString(s))
                    .description("Reads answered without this shard: none of its replicas answered")
                    .register(registry);
        }
        LOG.infof("cluster-wide reads over %d shards, peers %s, per-call timeout %s", topology.shards(),
                topology.replicasOf(topology.shard()), timeout);
        return new ShardedStorage(topology, ordinal -> ordinal == topology.ordinal()
                ? new LocalShardReader(engine, readiness)
                : new PeerShardReader(topology.address(ordinal), timeout), fanOut, s -> partial[s].increment());
    }

    /** Closes the peer channels (not the engine: it belongs to StorageLifecycle). */
    void close(@jakarta.enterprise.inject.Disposes @ClusterWide Storage storage, Storage engine) {
        if (storage != engine) {
            storage.close();
        }
        if (fanOut != null) {
            fanOut.shutdownNow();
        }
    }
}
