package dta.observatory.ingest.health;

import dta.observatory.ingest.kafka.KafkaProbe;
import dta.observatory.support.GrpcPeerProbe;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while what ingest writes to serves: the store (embedded mode), or Kafka (cluster mode,
 * {@code dta.ingest.sink=kafka}); without it ingest can acknowledge nothing.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final GrpcPeerProbe store;
    private final boolean kafkaMode;
    private final Instance<KafkaProbe> kafka;

    StoreReadiness(@GrpcClient("store") Channel store, @ConfigProperty(name = "dta.ingest.sink") String sink,
            Instance<KafkaProbe> kafka) {
        this.store = new GrpcPeerProbe("store", store, GrpcPeerProbe.DEFAULT_TIMEOUT_MS);
        this.kafkaMode = "kafka".equals(sink);
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        if (!kafkaMode) {
            return store.probe();
        }
        String problem = kafka.get().problem();
        return problem == null ? HealthCheckResponse.up("kafka")
                : HealthCheckResponse.named("kafka").down().withData("reason", problem).build();
    }
}
