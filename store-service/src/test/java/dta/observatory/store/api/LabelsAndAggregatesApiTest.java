package dta.observatory.store.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dta.observatory.api.v1.Aggregate;
import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.LabelNamesRequest;
import dta.observatory.api.v1.LabelValuesRequest;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stepped rate and percentiles, and the label API, over REST and gRPC on a running store. */
@QuarkusTest
class LabelsAndAggregatesApiTest {

    /** Wire timestamp 0 means "now": the series here start later. */
    private static final long T = 1_000_000;

    @GrpcClient("store")
    StoreServiceGrpc.StoreServiceBlockingStub store;

    private void append(String metric, Map<String, String> labels, long... timeAndValue) {
        AppendRequest.Builder request = AppendRequest.newBuilder();
        for (int i = 0; i < timeAndValue.length; i += 2) {
            request.addSamples(Sample.newBuilder().setMetric(metric).putAllLabels(labels)
                    .setTimestampMs(timeAndValue[i]).setValue(timeAndValue[i + 1]));
        }
        assertThat(store.append(request.build()).getAppended()).isEqualTo(timeAndValue.length / 2);
    }

    private static double firstValue(String url) {
        return given().when().get(url).then().statusCode(200).extract().jsonPath()
                .getDouble("series[0].points[0][1]");
    }

    @Test
    void restAnswersRateAndPercentilesPerStep() {
        // a counter: +10, a reset to 5 (+5), +10: 25 over 30 s; then 1..10 as latencies in the next minute
        append("agg.rest_requests_total", Map.of(), T, 10, T + 10_000, 20, T + 20_000, 5, T + 30_000, 15);
        for (int v = 1; v <= 10; v++) {
            append("agg.rest_latency_ms", Map.of(), 60_000 + v, v);
        }
        assertThat(firstValue("/api/v1/range?metric=agg.rest_requests_total&from=" + T + "&to=" + (T + 59_999)
                + "&step=60s&agg=rate"))
                .isCloseTo(25.0 / 30, within(1e-6)); // rest-assured reads JSON numbers as floats
        assertThat(firstValue("/api/v1/range?metric=agg.rest_latency_ms&from=60000&to=119999&step=1m&aggregate=p90"))
                .isCloseTo(9.1, within(1e-6));
        assertThat(firstValue("/api/v1/range?metric=agg.rest_latency_ms&from=60000&to=119999&step=1m&agg=p50"))
                .isEqualTo(5.5);
        given().when().get("/api/v1/range?metric=agg.rest_latency_ms&from=60000&to=119999&step=1m&agg=p95").then()
                .statusCode(400).body("error", equalTo("unknown aggregate 'p95'; expected one of avg, min, max, sum, "
                        + "count, last, rate, p50, p90, p99"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_store_queries_refused_total{api=\"rest\"}"));
    }

    @Test
    void grpcRangeAnswersRateAndPercentiles() {
        append("agg.grpc_requests_total", Map.of(), T, 100, T + 30_000, 130, T + 60_000, 10);
        RangeResponse rate = store.range(RangeRequest.newBuilder().setMetric("agg.grpc_requests_total").setFromMs(T)
                .setToMs(T + 119_999).setStepMs(60_000).setAggregate(Aggregate.AGGREGATE_RATE).build());
        // [0, 60 s): +30 over 30 s; [60 s, 120 s): from 130 at 30 s, a reset to 10 (+10) over 30 s
        assertThat(rate.getSeries(0).getPointsList()).extracting(p -> p.getValue())
                .containsExactly(1.0, 10.0 / 30);
        RangeResponse p99 = store.range(RangeRequest.newBuilder().setMetric("agg.grpc_requests_total").setFromMs(T)
                .setToMs(T + 119_999).setStepMs(120_000).setAggregate(Aggregate.AGGREGATE_P99).build());
        assertThat(p99.getSeries(0).getPoints(0).getValue()).isCloseTo(130 - 0.02 * 30, within(1e-9));
    }

    @Test
    void restLabelNamesAndValuesAsPrometheusAnswersThem() {
        append("lab.rest", Map.of("service", "permits", "code", "200"), 1_000, 1);
        append("lab.rest", Map.of("service", "permits", "code", "500"), 2_000, 1);
        append("lab.rest", Map.of("service", "billing", "code", "200"), 9_000, 1);

        given().when().get("/api/v1/labels?metric=lab.rest").then().statusCode(200)
                .body("status", equalTo("success")).body("data", contains("__name__", "code", "service"));
        given().when().get("/api/v1/label/code/values?metric=lab.rest&label=service=permits").then()
                .statusCode(200).body("data", contains("200", "500"));
        given().when().get("/api/v1/label/service/values?metric=lab.rest&from=5000&to=10000").then()
                .statusCode(200).body("data", contains("billing"));
        given().when().get("/api/v1/label/__name__/values?label=code=500").then().statusCode(200)
                .body("data", contains("lab.rest"));
        given().when().get("/api/v1/labels?from=10&to=5").then().statusCode(400)
                .body("error", equalTo("'to' (5) must not be before 'from' (10)"));
    }

    @Test
    void grpcLabelNamesAndValues() {
        append("lab.grpc", Map.of("region", "east", "tier", "gold"), 1_000, 1);
        append("lab.grpc", Map.of("region", "west"), 50_000, 1);

        assertThat(store.labelNames(LabelNamesRequest.newBuilder().setMetric("lab.grpc").build()).getNamesList())
                .containsExactly("__name__", "region", "tier");
        assertThat(store.labelNames(LabelNamesRequest.newBuilder().setMetric("lab.grpc").setFromMs(40_000)
                .build()).getNamesList()).as("only the west series has a point after 40 s")
                .containsExactly("__name__", "region");
        assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("region").setMetric("lab.grpc")
                .build()).getValuesList()).containsExactly("east", "west");
        assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("region").setMetric("lab.grpc")
                .putMatchers("tier", "gold").build()).getValuesList()).containsExactly("east");
        assertThatThrownBy(() -> store.labelValues(LabelValuesRequest.newBuilder().setMetric("lab.grpc").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("a label name is required");
                });
    }
}
