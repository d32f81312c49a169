package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Sample;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ingest with its store gone: never a silent 202, readiness DOWN, and back to normal when the store returns. */
class StoreOutageIT {

    private ServiceProcess store;
    private ServiceProcess ingest;
    private ManagedChannel channel;

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void ingestAnswersUnavailableWhileTheStoreIsDownAndRecoversWhenItReturns() throws Exception {
        Path data = Files.createTempDirectory("e2e-outage");
        int storePort = ServiceProcess.freePort();
        store = new ServiceProcess("store-service", storePort, Map.of("DTA_STORE_DATA_DIR", data.toString())).start();
        ingest = new ServiceProcess("ingest-service", ServiceProcess.freePort(),
                Map.of("QUARKUS_GRPC_CLIENTS_STORE_PORT", String.valueOf(storePort))).start();
        store.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        ingest.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        String emit = ingest.baseUrl() + "/api/v1/emit";
        String sample = "{\"metric\":\"outage.probe\",\"value\":1}";
        assertThat(Http.postJson(emit, sample).status()).isEqualTo(202);

        store.kill();

        Http.Reply refused = Http.postJson(emit, sample);
        assertThat(refused.status()).as("never a silent 202").isEqualTo(503);
        assertThat(refused.body()).contains("store did not take the batch");
        channel = Grpc.newChannelBuilder(ingest.address(), InsecureChannelCredentials.create()).build();
        IngestServiceGrpc.IngestServiceBlockingStub grpc = IngestServiceGrpc.newBlockingStub(channel);
        assertThatThrownBy(() -> grpc.emit(EmitRequest.newBuilder()
                .addSamples(Sample.newBuilder().setMetric("outage.probe").setValue(1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(ingest.status("/q/health/ready")).isEqualTo(503);
        assertThat(ingest.status("/q/health/live")).as("liveness never depends on the store").isEqualTo(200);

        store.start().awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> ingest.status("/q/health/ready") == 200);
        assertThat(Http.postJson(emit, sample).status()).isEqualTo(202);
        assertThat(grpc.emit(EmitRequest.newBuilder()
                .addSamples(Sample.newBuilder().setMetric("outage.probe").setValue(2)).build()).getAccepted())
                .isEqualTo(1);
    }
}
