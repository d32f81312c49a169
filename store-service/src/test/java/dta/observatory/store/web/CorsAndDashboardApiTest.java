package dta.observatory.store.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS only for configured origins (%test: any http://127.0.0.1:port), the brick's files, sparklines. */
@QuarkusTest
class CorsAndDashboardApiTest {

    @Inject
    Storage storage;

    @Test
    void configuredOriginGetsCorsOthersAreRefused() {
        given().header("Origin", "http://127.0.0.1:5555").when().get("/api/v1/metrics").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("http://127.0.0.1:5555"));
        given().header("Origin", "http://127.0.0.1:5555").when().get("/webjars/uplot/1.6.30/dist/uPlot.esm.js")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo("http://127.0.0.1:5555"))
                .contentType(containsString("javascript"));
        given().header("Origin", "https://evil.example").when().get("/api/v1/metrics").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void brickAndOverviewAreServed() {
        given().when().get("/dta/mini-chart.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("customElements.define(\"dta-mini-chart\""));
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<script defer src=\"dta/mini-chart.js\"></script>"));
        given().when().get("/api/v1/dashboard/config").then().statusCode(200).body("watcherUrl", nullValue());
    }

    @Test
    void sparklinesBucketEveryMetricInOneCallWithGapsAsNull() {
        long now = System.currentTimeMillis();
        storage.append(List.of(new StoredSample(SeriesKey.of("spark.a", Map.of("s", "1")), now - 3_500_000L, 2),
                new StoredSample(SeriesKey.of("spark.a", Map.of("s", "2")), now - 3_500_000L, 4),
                new StoredSample(SeriesKey.of("spark.a", Map.of("s", "1")), now - 10_000L, 9)));
        List<Object> values = given().when().get("/api/v1/dashboard/sparklines?prefix=spark.&span=1h&buckets=6").then()
                .statusCode(200).body("metrics[0].metric", equalTo("spark.a")).body("metrics[0].seriesCount", equalTo(2))
                .extract().jsonPath().getList("metrics[0].values");
        assertThat(values).hasSize(6);
        assertThat(values.get(0)).isEqualTo(3.0f);
        assertThat(values.subList(1, 5)).containsOnlyNulls();
        assertThat(values.get(5)).isEqualTo(9.0f);
        given().when().get("/api/v1/dashboard/sparklines?buckets=0").then().statusCode(400)
                .body("error", equalTo("buckets must be between 1 and 500, got 0"));
    }
}
