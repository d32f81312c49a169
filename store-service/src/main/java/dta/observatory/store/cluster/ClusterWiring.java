package dta.observatory.store.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the {@code dta.store.cluster.*} settings into a {@link ClusterMode}: single-node (the default) or one
 * instance of a sharded, replicated cluster. Thin glue; the arithmetic is in {@link ClusterTopology}.
 */
@ApplicationScoped
public class ClusterWiring {

    private static final Logger LOG = Logger.getLogger(ClusterWiring.class);

    @Produces
    @Singleton
    ClusterMode clusterMode(@ConfigProperty(name = "dta.store.cluster.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "dta.store.cluster.shards", defaultValue = "1") int shards,
            @ConfigProperty(name = "dta.store.cluster.replicas", defaultValue = "1") int replicas,
            @ConfigProperty(name = "dta.store.cluster.ordinal", defaultValue = "-1") int ordinal,
            @ConfigProperty(name = "dta.store.cluster.peers") Optional<String> peers,
            @ConfigProperty(name = "dta.store.cluster.peer-address-pattern",
                    defaultValue = "store-{ordinal}.store-headless:8082") String pattern,
            @ConfigProperty(name = "dta.store.kafka.partitions", defaultValue = "32") int partitions) {
        if (!enabled) {
            return ClusterMode.single();
        }
        int self = ordinal >= 0 ? ordinal : ClusterTopology.ordinalFromHostname(hostname());
        List<String> addresses = peers.filter(p -> !p.isBlank())
                .map(p -> Arrays.stream(p.split(",")).map(String::trim).toList())
                .orElseGet(() -> ClusterTopology.addressesFromPattern(pattern, shards * replicas));
        ClusterTopology topology = new ClusterTopology(shards, replicas, partitions, self, addresses);
        LOG.infof("cluster mode: instance %d of %d shards × %d replicas: shard %d, replica %d, partitions %s",
                self, shards, replicas, topology.shard(), topology.replica(), topology.ownedPartitions());
        return ClusterMode.of(topology);
    }

    private static String hostname() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dta.store.cluster.ordinal is not set and HOSTNAME is empty");
        }
        return name;
    }
}
