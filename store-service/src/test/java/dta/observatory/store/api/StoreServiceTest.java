package dta.observatory.store.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dta.observatory.api.v1.Aggregate;
import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.ListMetricsRequest;
import dta.observatory.api.v1.NoDataReason;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The store's gRPC and REST surfaces on a running application. */
@QuarkusTest
class StoreServiceTest {

    @GrpcClient("store")
    StoreServiceGrpc.StoreServiceBlockingStub store;

    private static Sample sample(String metric, long t, double v) {
        return Sample.newBuilder().setMetric(metric).setTimestampMs(t).setValue(v).putLabels("service", "permits").build();
    }

    @Test
    void appendThenSliceRangeAndListOverGrpc() {
        assertThat(store.append(AppendRequest.newBuilder().addSamples(sample("grpc.test", 1_000, 1))
                .addSamples(sample("grpc.test", 2_000, 0)).addSamples(sample("grpc.test", 3_000, 1)).build())
                .getAppended()).isEqualTo(3);

        SliceResponse slice = store.slice(SliceRequest.newBuilder().setMetric("grpc.test").setN(2).build());
        assertThat(slice.getNoData()).isEqualTo(NoDataReason.NO_DATA_REASON_UNSPECIFIED);
        assertThat(slice.getSeries(0).getLabelsMap()).containsEntry("service", "permits");
        assertThat(slice.getSeries(0).getPointsList()).extracting(p -> p.getValue()).containsExactly(0.0, 1.0);

        RangeResponse range = store.range(RangeRequest.newBuilder().setMetric("grpc.test").setFromMs(0).setToMs(3_999)
                .setStepMs(2_000).setAggregate(Aggregate.AGGREGATE_SUM).build());
        assertThat(range.getSeries(0).getPointsList()).extracting(p -> p.getValue()).containsExactly(1.0, 1.0);

        assertThat(store.listMetrics(ListMetricsRequest.newBuilder().setPrefix("grpc.").build()).getMetricsList())
                .extracting(m -> m.getName() + ":" + m.getSeriesCount()).containsExactly("grpc.test:1");
    }

    @Test
    void unknownMetricIsNoDataNotAnError() {
        SliceResponse slice = store.slice(SliceRequest.newBuilder().setMetric("never.written").setN(5).build());
        assertThat(slice.getSeriesList()).isEmpty();
        assertThat(slice.getNoData()).isEqualTo(NoDataReason.NO_DATA_REASON_UNKNOWN_METRIC);
    }

    @Test
    void badQueriesAreInvalidArgumentWithAMessage() {
        assertThatThrownBy(() -> store.slice(SliceRequest.newBuilder().setMetric("x").setN(0).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("n must be between 1 and 10000, got 0");
                });
    }

    @Test
    void restAnswersSliceRangeMetricsAndNoData() {
        store.append(AppendRequest.newBuilder().addSamples(sample("rest.test", 10_000, 5))
                .addSamples(sample("rest.test", 20_000, 7)).build());

        given().when().get("/api/v1/slice?metric=rest.test&n=1").then().statusCode(200)
                .body("series[0].points[0][1]", equalTo(7.0f)).body("noData", equalTo(null));
        given().when().get("/api/v1/range?metric=rest.test&from=0&to=30000&step=30s&agg=max").then().statusCode(200)
                .body("series[0].points", contains(contains(0, 7.0f)));
        given().when().get("/api/v1/range?metric=rest.test&from=0&to=30000&label=service=permits").then()
                .statusCode(200).body("series[0].points.size()", equalTo(2));
        given().when().get("/api/v1/metrics").then().statusCode(200).body("metrics.name", hasItem("rest.test"));
        given().when().get("/api/v1/slice?metric=rest.tset&n=5").then().statusCode(200)
                .body("noData", equalTo("unknown_metric"))
                .body("message", equalTo("no data — no metric named 'rest.tset'"));
        given().when().get("/api/v1/range?metric=rest.test&from=50000&to=60000").then().statusCode(200)
                .body("noData", equalTo("empty_range"));
    }

    @Test
    void restRefusesBadParametersWith400() {
        given().when().get("/api/v1/range?metric=rest.test&agg=median&step=1m").then().statusCode(400)
                .body("error", containsString("unknown aggregate 'median'"));
        given().when().get("/api/v1/slice?n=3").then().statusCode(400).body("error", equalTo("metric is required"));
    }

    @Test
    void healthAndMetricsAreServed() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("dta_store_samples_appended_total"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/slice"));
    }
}
