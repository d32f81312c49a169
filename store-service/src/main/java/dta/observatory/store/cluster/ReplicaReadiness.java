package dta.observatory.store.cluster;

/**
 * Whether this instance's copy of its shard is complete enough to answer reads for it: in cluster mode, whether it
 * has caught up with its shard's Kafka partitions. While it has not, its {@code ShardReadService} answers
 * UNAVAILABLE ("not ready") so that a reading instance asks the twin replica instead, and a reading instance does
 * not answer its own shard from its engine either.
 */
public interface ReplicaReadiness {

    /** True once the local copy of the shard may answer reads. */
    boolean caughtUp();
}
