package dta.observatory.ingest.emit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.IngestService;
import dta.observatory.api.v1.Sample;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest's gRPC and REST surfaces on a running application, forwarding to a recording store. */
@QuarkusTest
class IngestServiceTest {

    @GrpcClient("ingest")
    IngestService ingest;

    @BeforeEach
    void reset() {
        RecordingStore.APPENDED.clear();
        RecordingStore.down = false;
    }

    @AfterEach
    void storeUp() {
        RecordingStore.down = false;
    }

    private static Sample sample(String metric, double value) {
        return Sample.newBuilder().setMetric(metric).setValue(value).build();
    }

    @Test
    void emitForwardsValidSamplesAndStampsNow() {
        long before = System.currentTimeMillis();
        EmitResponse reply = ingest.emit(EmitRequest.newBuilder().addSamples(sample("permit.pay.ok", 1))
                .addSamples(sample("bad name", 1)).build()).await().atMost(Duration.ofSeconds(5));
        assertThat(reply.getAccepted()).isEqualTo(1);
        assertThat(reply.getRejected()).isEqualTo(1);
        assertThat(RecordingStore.APPENDED).singleElement()
                .satisfies(s -> assertThat(s.getTimestampMs()).isGreaterThanOrEqualTo(before));
    }

    @Test
    void emitStreamSumsEveryBatch() {
        EmitResponse reply = ingest.emitStream(Multi.createFrom().items(
                EmitRequest.newBuilder().addSamples(sample("a", 1)).addSamples(sample("b", 2)).build(),
                EmitRequest.newBuilder().addSamples(sample("c", 3)).addSamples(sample("", 4)).build()))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(reply.getAccepted()).isEqualTo(3);
        assertThat(reply.getRejected()).isEqualTo(1);
        assertThat(RecordingStore.APPENDED).extracting(Sample::getMetric).containsExactly("a", "b", "c");
    }

    @Test
    void allInvalidIsInvalidArgumentAndStoreDownIsUnavailable() {
        assertThatThrownBy(() -> ingest.emit(EmitRequest.newBuilder().addSamples(sample("m", Double.NaN)).build())
                .await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("is NaN");
                });
        assertThatThrownBy(() -> ingest.emit(EmitRequest.getDefaultInstance()).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).isEqualTo("request has no samples"));
        RecordingStore.down = true;
        assertThatThrownBy(() -> ingest.emit(EmitRequest.newBuilder().addSamples(sample("m", 1)).build())
                .await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void restEmitAnswers202WithCountsAnd400Or503WithAMessage() {
        given().body("{\"samples\":[{\"metric\":\"svc.latency_ms\",\"value\":12.5,\"labels\":{\"service\":\"x\"}},"
                        + "{\"metric\":\"\",\"value\":1}]}").contentType("application/json")
                .when().post("/api/v1/emit").then().statusCode(202)
                .body("accepted", equalTo(1)).body("rejected", equalTo(1))
                .body("rejections[0].reason", equalTo("empty_name"));
        assertThat(RecordingStore.APPENDED.get(0).getLabelsMap()).containsEntry("service", "x");

        given().body("{\"metric\":\"x\",\"value\":\"NaN\"}").contentType("application/json")
                .when().post("/api/v1/emit").then().statusCode(400).body("error", containsString("is NaN"));
        given().body("not json").contentType("application/json")
                .when().post("/api/v1/emit").then().statusCode(400).body("error", containsString("not valid JSON"));

        RecordingStore.down = true;
        given().body("{\"metric\":\"x\",\"value\":1}").contentType("application/json")
                .when().post("/api/v1/emit").then().statusCode(503).header("Retry-After", "5")
                .body("error", containsString("store did not take the batch"));
    }

    @Test
    void rejectionsAreCountedByReason() {
        given().body("{\"metric\":\"\",\"value\":1}").contentType("application/json").post("/api/v1/emit");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_ingest_rejected_total{reason=\"empty_name\"}"));
    }
}
