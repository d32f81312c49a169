package dta.observatory.store.cluster.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dta.observatory.api.v1.LabelValuesRequest;
import dta.observatory.api.v1.ListMetricsRequest;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.SliceBatchRequest;
import dta.observatory.api.v1.SliceBatchResponse;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreBatchServiceGrpc;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.store.cluster.ClusterMode;
import dta.observatory.store.cluster.EmptyTopicBroker;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A clustered store (2 shards × 1 replica, this is instance 0) whose only peer, the holder of shard 1, is down:
 * gRPC and REST answers carry shard 0's data and say, in their `partial` / `warnings`, that shard 1 is missing. A
 * query for one series of shard 0 with exact_series is complete.
 */
@QuarkusTest
@TestProfile(PartialAnswerApiTest.ClusterOfTwo.class)
class PartialAnswerApiTest {

    /** Instance 0 of two; 127.0.0.1:1 refuses connections, so shard 1 has no replica that answers. */
    public static class ClusterOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dta.store.cluster.enabled", "true", "dta.store.cluster.shards", "2",
                    "dta.store.cluster.replicas", "1", "dta.store.cluster.ordinal", "0",
                    "dta.store.cluster.peers", "127.0.0.1:0,127.0.0.1:1",
                    "dta.store.cluster.query-timeout", "1s");
        }

        /** The instance's consumer needs its topic: empty, so it has caught up at once. */
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmptyTopicBroker.class));
        }
    }

    @GrpcClient("store")
    StoreServiceGrpc.StoreServiceBlockingStub store;

    @GrpcClient("store")
    StoreBatchServiceGrpc.StoreBatchServiceBlockingStub batch;

    @GrpcClient("store")
    dta.observatory.api.v1.ShardReadServiceGrpc.ShardReadServiceBlockingStub peerApi;

    /** The local engine (what the Kafka consumer fills in cluster mode). */
    @Inject
    Storage engine;

    @Inject
    ClusterMode mode;

    static final long NOW = System.currentTimeMillis();
    static Map<String, String> local;

    /** Once per app: both tests share the engine. */
    @BeforeEach
    void fill() {
        if (local != null) {
            return;
        }
        for (int i = 0;; i++) {
            Map<String, String> labels = Map.of("host", "h" + i);
            if (mode.topology().shardOfSeries(dta.observatory.support.SeriesId.of("part.m", labels)) == 0) {
                local = labels;
                engine.append(List.of(new StoredSample(SeriesKey.of("part.m", local), NOW - 2_000, 1),
                        new StoredSample(SeriesKey.of("part.m", local), NOW - 1_000, 2)));
                return;
            }
        }
    }

    @Test
    void grpcAnswersSayWhichShardIsMissing() {
        SliceResponse slice = store.slice(SliceRequest.newBuilder().setMetric("part.m").setN(10).build());
        assertThat(slice.getSeriesCount()).isEqualTo(1);
        assertThat(slice.getSeries(0).getPointsCount()).isEqualTo(2);
        assertThat(slice.hasPartial()).isTrue();
        assertThat(slice.getPartial().getMissingShardsList()).containsExactly(1);
        assertThat(slice.getPartial().getWarnings(0)).startsWith("shard 1: no ready replica (127.0.0.1:1: UNAVAILABLE");

        assertThat(store.range(RangeRequest.newBuilder().setMetric("part.m").setFromMs(NOW - 10_000).setToMs(NOW)
                .build()).getPartial().getMissingShardsList()).containsExactly(1);
        assertThat(store.listMetrics(ListMetricsRequest.getDefaultInstance()).getPartial().getMissingShardsList())
                .containsExactly(1);
        assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("host").build()).getPartial()
                .getMissingShardsList()).containsExactly(1);

        // The caller knows the whole series: only shard 0 is asked, the answer is complete.
        SliceResponse exact = store.slice(SliceRequest.newBuilder().setMetric("part.m").putAllMatchers(local).setN(1)
                .setExactSeries(true).build());
        assertThat(exact.hasPartial()).isFalse();
        assertThat(exact.getSeries(0).getPoints(0).getValue()).isEqualTo(2.0);

        SliceBatchResponse both = batch.sliceBatch(SliceBatchRequest.newBuilder()
                .addItems(SliceRequest.newBuilder().setMetric("part.m").setN(5))
                .addItems(SliceRequest.newBuilder().setMetric("part.m").putAllMatchers(local).setN(5)
                        .setExactSeries(true)).build());
        assertThat(both.getResults(0).getPartial().getMissingShardsList()).containsExactly(1);
        assertThat(both.getResults(0).getSeriesCount()).isEqualTo(1);
        assertThat(both.getResults(1).hasPartial()).isFalse();
        assertThat(both.getResults(1).getSeries(0).getPointsCount()).isEqualTo(2);
    }

    @Test
    void thePeerApiAnswersFromTheLocalEngineOnly() {
        // What another instance asks: this shard's series, complete, never a fan-out (which would lack shard 1).
        var metrics = peerApi.listMetrics(ListMetricsRequest.getDefaultInstance());
        assertThat(metrics.hasPartial()).isFalse();
        assertThat(metrics.getMetricsList()).extracting(m -> m.getName()).contains("part.m");
        var last = peerApi.lastPoints(dta.observatory.api.v1.ShardLastPointsRequest.newBuilder().setMetric("part.m")
                .setN(1).build());
        assertThat(last.getSeriesCount()).isEqualTo(1);
        assertThat(last.getSeries(0).getPoints(0).getValue()).isEqualTo(2.0);
    }

    @Test
    void restAnswersCarryPartialAndWarnings() {
        given().queryParam("match[]", "{__name__=~\".+\"}").get("/federate").then().statusCode(200)
                .header("X-DTA-Partial", "1").body(startsWith("# partial: shard 1: no ready replica"));
        given().queryParam("metric", "part.m").queryParam("n", 10).get("/api/v1/slice").then().statusCode(200)
                .body("series.size()", equalTo(1)).body("partial", equalTo(true))
                .body("warnings[0]", startsWith("shard 1: no ready replica"));
        given().queryParam("metric", "part.m").queryParam("from", NOW - 10_000).queryParam("to", NOW)
                .get("/api/v1/range").then().statusCode(200).body("partial", equalTo(true));
        given().get("/api/v1/metrics").then().statusCode(200).body("partial", equalTo(true))
                .body("metrics.name", hasItem("part.m"));
        given().get("/api/v1/label/host/values").then().statusCode(200).body("status", equalTo("success"))
                .body("partial", equalTo(true)).body("warnings.size()", equalTo(1));
        given().get("/api/v1/dashboard/sparklines").then().statusCode(200).body("partial", equalTo(true));
        // Public open data is never computed from part of the data: refused until the shard is back.
        given().get("/open-data/v1/kpis/permit-payment-success-rate").then().statusCode(503)
                .header("Retry-After", "30");
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("dta_store_query_partial_total{shard=\"1\"}"));
    }
}
