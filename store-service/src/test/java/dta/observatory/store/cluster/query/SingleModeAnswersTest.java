package dta.observatory.store.cluster.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A single store (the default) answers as before: no `partial` on the wire, no new keys in the JSON. */
@QuarkusTest
class SingleModeAnswersTest {

    @GrpcClient("store")
    StoreServiceGrpc.StoreServiceBlockingStub store;

    @Test
    void completeAnswersCarryNoPartialityFields() {
        store.append(AppendRequest.newBuilder().addSamples(Sample.newBuilder().setMetric("single.m")
                .setTimestampMs(1_000).setValue(1)).build());
        SliceResponse slice = store.slice(SliceRequest.newBuilder().setMetric("single.m").setN(5).build());
        assertThat(slice.hasPartial()).isFalse();
        assertThat(slice.getSeriesCount()).isEqualTo(1);

        Map<String, Object> json = given().queryParam("metric", "single.m").get("/api/v1/slice").then()
                .statusCode(200).extract().jsonPath().getMap("");
        assertThat(json).containsOnlyKeys("metric", "series", "noData", "message");
        Map<String, Object> labels = given().get("/api/v1/labels").then().statusCode(200).extract().jsonPath()
                .getMap("");
        assertThat(labels).containsOnlyKeys("status", "data");
        assertThat(given().get("/api/v1/metrics").then().statusCode(200).extract().jsonPath().getMap(""))
                .containsOnlyKeys("metrics");
    }
}
