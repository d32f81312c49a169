package dta.observatory.ingest.emit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.google.rpc.RetryInfo;
import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.MutinyIngestServiceGrpc;
import dta.observatory.api.v1.Sample;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auth on every write path, the flood guard at 10x its limit, the PII guard and the cardinality limit, on a running
 * application with tokens configured. Each test writes as its own source so the per-source buckets keep them apart.
 */
@QuarkusTest
@TestProfile(SecuredIngestTest.Secured.class)
class SecuredIngestTest {

    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dta.ingest.tokens", "flooder:tok-flood,mesh:tok-mesh",
                    "dta.ingest.flood.overall-per-second", "1000000",
                    "dta.ingest.flood.per-source-per-second", "1000",
                    "dta.ingest.cardinality.max-series-per-metric", "3");
        }
    }

    @GrpcClient("ingest")
    MutinyIngestServiceGrpc.MutinyIngestServiceStub ingest;

    @BeforeEach
    void reset() {
        RecordingStore.APPENDED.clear();
        RecordingStore.down = false;
    }

    private MutinyIngestServiceGrpc.MutinyIngestServiceStub as(String token) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return ingest.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    private static EmitRequest batch(String metric, int n) {
        EmitRequest.Builder b = EmitRequest.newBuilder();
        for (int i = 0; i < n; i++) {
            b.addSamples(Sample.newBuilder().setMetric(metric).setValue(i));
        }
        return b.build();
    }

    @Test
    void everyWritePathRefusesCallersWithoutAValidToken() {
        for (MutinyIngestServiceGrpc.MutinyIngestServiceStub stub : new MutinyIngestServiceGrpc.MutinyIngestServiceStub[] {
                ingest, as("wrong")}) {
            assertThatThrownBy(() -> stub.emit(batch("m", 1)).await().atMost(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).doesNotContain("wrong");
                    });
            assertThatThrownBy(() -> stub.emitStream(Multi.createFrom().item(batch("m", 1)))
                    .await().atMost(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
        given().body("{\"metric\":\"m\",\"value\":1}").contentType("application/json")
                .when().post("/api/v1/emit").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").body("{\"metric\":\"m\",\"value\":1}")
                .contentType("application/json").when().post("/api/v1/emit").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").body(new byte[] {1}).contentType("application/x-protobuf")
                .when().post("/api/v1/write").then().statusCode(401);
        assertThat(RecordingStore.APPENDED).isEmpty();

        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_ingest_rejected_total{reason=\"unauthenticated\"}"));
    }

    @Test
    void validTokensWriteOnEveryPath() {
        EmitResponse reply = as("tok-mesh").emit(batch("auth.ok", 2)).await().atMost(Duration.ofSeconds(5));
        assertThat(reply.getAccepted()).isEqualTo(2);
        assertThat(as("tok-mesh").emitStream(Multi.createFrom().items(batch("auth.ok", 1), batch("auth.ok", 1)))
                .await().atMost(Duration.ofSeconds(5)).getAccepted()).isEqualTo(2);
        given().header("Authorization", "Bearer tok-mesh").body("{\"metric\":\"auth.ok\",\"value\":1}")
                .contentType("application/json").when().post("/api/v1/emit").then().statusCode(202);
        assertThat(RecordingStore.APPENDED).hasSize(5);
    }

    @Test
    void floodAtTenTimesTheLimitIsDroppedCountedAndAlertedOnce() {
        int alertsBefore = (int) RecordingAlerts.NOTIFIED.stream()
                .filter(n -> n.getAlert().getRuleId().equals("dta.dropped")).count();
        assertThat(alertsBefore).isZero();
        FrozenFloodClock.freeze(); // no refill between the calls below: the counts are exact
        EmitResponse first;
        try {
            // 10,000 samples against a 1,000 samples/s source limit (its bucket holds one second's worth).
            first = as("tok-flood").emit(batch("flood.m", 10_000)).await().atMost(Duration.ofSeconds(5));
            assertThat(first.getAccepted()).isEqualTo(1_000);
            assertThat(first.getDropped()).isEqualTo(9_000);
            assertFloodedAndResponsive();
        } finally {
            FrozenFloodClock.thaw();
        }
        alertOnceAndCounted(first);
    }

    private void assertFloodedAndResponsive() {
        // The bucket is empty now: a whole batch is dropped and the client is told when to retry.
        assertThatThrownBy(() -> as("tok-flood").emit(batch("flood.m", 10_000)).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).contains("flood guard dropped all 10000");
                    com.google.rpc.Status details = StatusProto.fromThrowable(e);
                    assertThat(details).isNotNull();
                    assertThat(details.getDetailsList()).anySatisfy(any -> assertThat(any.is(RetryInfo.class)).isTrue());
                });
        given().header("Authorization", "Bearer tok-flood")
                .body("{\"samples\":[{\"metric\":\"flood.m\",\"value\":1},{\"metric\":\"flood.m\",\"value\":2}]}")
                .contentType("application/json").when().post("/api/v1/emit").then().statusCode(429)
                .header("Retry-After", "1").body("dropped", equalTo(2));

        // Responsive meanwhile: another source still writes, health answers.
        assertThat(as("tok-mesh").emit(batch("calm.m", 1)).await().atMost(Duration.ofSeconds(5)).getAccepted())
                .isEqualTo(1);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    private void alertOnceAndCounted(EmitResponse first) {
        // The drops reach the store as dta.dropped and raise one alert.
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingAlerts.NOTIFIED.stream()
                .anyMatch(n -> n.getAlert().getRuleId().equals("dta.dropped")));
        await().atMost(Duration.ofSeconds(10)).until(() -> droppedReported() >= 2 * 10_000 - first.getAccepted() + 2);

        // A second flood after the alert: counted in the store again, but no second alert within min_interval.
        RecordingStore.APPENDED.clear();
        as("tok-flood").emit(batch("flood.m", 10_000)).onFailure().recoverWithNull().await()
                .atMost(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> droppedReported() > 0);
        assertThat(RecordingAlerts.NOTIFIED).filteredOn(n -> n.getAlert().getRuleId().equals("dta.dropped"))
                .singleElement().satisfies(n -> assertThat(n.getAlert().getValue()).isPositive());
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_ingest_rejected_total{reason=\"rate_limited\"}"));
    }

    private static long droppedReported() {
        return (long) RecordingStore.APPENDED.stream().filter(s -> s.getMetric().equals("dta.dropped"))
                .mapToDouble(Sample::getValue).sum();
    }

    @Test
    void piiLabelsAreRemovedBeforeStoringAndCounted() {
        as("tok-mesh").emit(EmitRequest.newBuilder().addSamples(Sample.newBuilder().setMetric("pii.m").setValue(1)
                .putLabels("service", "permits").putLabels("email", "x").putLabels("who", "jane@example.org")
                .putLabels("id", "123-45-6789")).build()).await().atMost(Duration.ofSeconds(5));
        assertThat(RecordingStore.APPENDED).singleElement()
                .satisfies(s -> assertThat(s.getLabelsMap()).containsOnlyKeys("service"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_ingest_pii_labels_removed_total"));
    }

    @Test
    void newSeriesBeyondTheCardinalityLimitAreRejectedWithAReason() {
        EmitRequest.Builder b = EmitRequest.newBuilder();
        for (int i = 0; i < 5; i++) {
            b.addSamples(Sample.newBuilder().setMetric("card.m").setValue(i).putLabels("user_id", "u" + i));
        }
        EmitResponse reply = as("tok-mesh").emit(b.build()).await().atMost(Duration.ofSeconds(5));
        assertThat(reply.getAccepted()).isEqualTo(3);
        assertThat(reply.getRejectionsList()).hasSize(2).allSatisfy(r -> {
            assertThat(r.getReason().name()).isEqualTo("REJECT_REASON_CARDINALITY_LIMIT");
            assertThat(r.getMessage()).contains("metric 'card.m' already has 3 series");
        });
        assertThat(reply.getRejections(0).getIndex()).isEqualTo(3);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_ingest_rejected_total{reason=\"cardinality_limit\"} 2.0"));
    }

    /**
     * OTLP export through the real SDK exporter: refused without the bearer token (and counted), stored with it. The
     * SDK's forceFlush waits for the export but reports success either way, so the store and the counter tell.
     */
    @Test
    void otlpExportNeedsATokenToo() {
        double refusedBefore = unauthenticatedCount();
        otlpExport(null);
        assertThat(RecordingStore.APPENDED).as("nothing stored without a token").isEmpty();
        assertThat(unauthenticatedCount()).isGreaterThan(refusedBefore);
        otlpExport("tok-mesh");
        assertThat(RecordingStore.APPENDED).anySatisfy(s -> assertThat(s.getMetric()).isEqualTo("otlp.secured"));
    }

    private static double unauthenticatedCount() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("dta_ingest_rejected_total{reason=\"unauthenticated\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void otlpExport(String token) {
        var exporter = io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + io.restassured.RestAssured.port)
                .setTimeout(Duration.ofSeconds(10));
        if (token != null) {
            exporter.addHeader("authorization", "Bearer " + token);
        }
        var provider = io.opentelemetry.sdk.metrics.SdkMeterProvider.builder()
                .registerMetricReader(io.opentelemetry.sdk.metrics.export.PeriodicMetricReader.builder(exporter.build())
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        try {
            provider.get("secured").gaugeBuilder("otlp.secured").buildWithCallback(g -> g.record(1));
            provider.forceFlush().join(20, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            provider.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
