package dta.observatory.ingest.health;

import dta.observatory.support.GrpcPeerProbe;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the store serves: without it ingest can acknowledge nothing. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final GrpcPeerProbe store;

    StoreReadiness(@GrpcClient("store") Channel store) {
        this.store = new GrpcPeerProbe("store", store, GrpcPeerProbe.DEFAULT_TIMEOUT_MS);
    }

    @Override
    public HealthCheckResponse call() {
        return store.probe();
    }
}
