package dta.observatory.store.cluster.consume;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Cluster mode: not ready until this replica has stored everything its partitions held when it started (the end
 * offsets it saw first), so a restarted replica does not answer queries with stale data; ready from then on. Kafka
 * becoming unreachable later does not make it unready: every replica would then be equally behind, and answering
 * from what is stored beats answering nothing ({@code dta_store_kafka_reachable} and the lag show it). Down for
 * good if the topic has the wrong partition count. Single mode: always up.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final ConsumerWiring wiring;

    ConsumerReadiness(ConsumerWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("kafka-consumer");
        if (wiring.consumer().isEmpty()) {
            return r.up().withData("mode", "single").build();
        }
        PartitionConsumer c = wiring.consumer().get();
        r.withData("mode", "cluster").withData("lag", c.lag()).withData("reachable", c.reachable())
                .withData("partitions", c.ownedPartitions().toString());
        if (c.failure() != null) {
            return r.down().withData("error", c.failure()).build();
        }
        if (!c.caughtUp()) {
            return r.down().withData("state", "catching up with the end offsets seen at start").build();
        }
        return r.up().build();
    }
}
