package dta.observatory.store.cluster.consume;

import dta.observatory.store.cluster.ReplicaReadiness;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The replica's reads follow its consumer: until it has caught up with its shard's partitions, its
 * ShardReadService answers "not ready" and the instances reading through it ask the twin. Replaces the default
 * "always ready" bean; in single mode there is no consumer and the store is always caught up.
 */
@ApplicationScoped
public class ConsumerCatchUp implements ReplicaReadiness {

    private final ConsumerWiring wiring;

    ConsumerCatchUp(ConsumerWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public boolean caughtUp() {
        return wiring.consumer().map(PartitionConsumer::caughtUp).orElse(true);
    }
}
