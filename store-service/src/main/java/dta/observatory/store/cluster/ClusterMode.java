package dta.observatory.store.cluster;

/**
 * Whether this store runs alone (samples arrive by Append / AppendStream, every query is answered locally) or as
 * one instance of a cluster (samples arrive from its Kafka partitions, queries may need the other shards).
 */
public final class ClusterMode {

    private static final ClusterMode SINGLE = new ClusterMode(null);

    private final ClusterTopology topology;

    private ClusterMode(ClusterTopology topology) {
        this.topology = topology;
    }

    public static ClusterMode single() {
        return SINGLE;
    }

    public static ClusterMode of(ClusterTopology topology) {
        return new ClusterMode(topology);
    }

    public boolean clustered() {
        return topology != null;
    }

    /**
     * The topology of the cluster.
     *
     * @throws IllegalStateException in single-node mode
     */
    public ClusterTopology topology() {
        if (topology == null) {
            throw new IllegalStateException("not in cluster mode (dta.store.cluster.enabled=false)");
        }
        return topology;
    }
}
