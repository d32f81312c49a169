package dta.observatory.store.cluster;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * "Always caught up": right for a single store (it has nothing to catch up with) and until the Kafka consumer
 * provides a {@link ReplicaReadiness} bean of its own, which then replaces this one.
 */
@ApplicationScoped
public class ReplicaReadinessDefault {

    @Produces
    @Singleton
    @DefaultBean
    ReplicaReadiness alwaysReady() {
        return () -> true;
    }
}
