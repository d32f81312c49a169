package dta.observatory.watcher.health;

import dta.observatory.support.GrpcPeerProbe;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while both peers serve: the watcher reads the store and reports to the alert service. */
@ApplicationScoped
public class PeersReadiness {

    @Produces
    @Readiness
    HealthCheck store(@GrpcClient("store") Channel store) {
        GrpcPeerProbe probe = new GrpcPeerProbe("store", store, GrpcPeerProbe.DEFAULT_TIMEOUT_MS);
        return probe::probe;
    }

    @Produces
    @Readiness
    HealthCheck alert(@GrpcClient("alert") Channel alert) {
        GrpcPeerProbe probe = new GrpcPeerProbe("alert", alert, GrpcPeerProbe.DEFAULT_TIMEOUT_MS);
        return probe::probe;
    }
}
