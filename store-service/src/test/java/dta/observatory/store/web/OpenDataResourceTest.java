package dta.observatory.store.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public open-data API on a running store, with the test KPI from application.properties (%test). */
@QuarkusTest
class OpenDataResourceTest {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final String WINDOW = "?from=2026-01-01T00:00:00Z&to=2026-01-01T02:00:00Z";

    @Inject
    Storage storage;

    /** The ring buffer keeps duplicates, so the data goes in once per application, not once per test. */
    private static boolean loaded;

    @BeforeEach
    void data() {
        if (loaded) {
            return;
        }
        loaded = true;
        List<StoredSample> samples = new ArrayList<>();
        // Hour 0: north has 5 samples from 5 users (k=3: published), south 2 (suppressed). Hour 1: north 3.
        for (int i = 0; i < 5; i++) {
            samples.add(sample(Map.of("region", "north", "user", "user-" + i), T0 + i * 60_000, 100 + i * 10));
        }
        samples.add(sample(Map.of("region", "south", "user", "user-9"), T0 + 1_000, 999));
        samples.add(sample(Map.of("region", "south", "user", "user-8"), T0 + 2_000, 998));
        for (int i = 0; i < 3; i++) {
            samples.add(sample(Map.of("region", "north", "user", "user-" + i), T0 + 3_600_000 + i * 1_000, 7.25 + i));
        }
        storage.append(samples);
    }

    private static StoredSample sample(Map<String, String> labels, long t, double v) {
        return new StoredSample(SeriesKey.of("od.latency.ms", labels), t, v);
    }

    @Test
    void catalogueListsKpisWithDcatMetadata() {
        given().when().get("/open-data/v1/kpis").then().statusCode(200)
                .contentType(containsString("application/ld+json"))
                .header("ETag", containsString("\""))
                .header("Cache-Control", equalTo("public, max-age=300"))
                .body("'@type'", equalTo("dcat:Catalog"))
                .body("'dct:license'", equalTo("https://creativecommons.org/licenses/by/4.0/"))
                .body("'dcat:dataset'.find { it.'dct:identifier' == 'test-latency-p90' }.'dct:title'",
                        equalTo("Test latency p90"))
                .body("'dcat:dataset'.find { it.'dct:identifier' == 'test-latency-p90' }.'dct:modified'",
                        equalTo("2026-01-01T01:00:02Z"))
                .body("'dcat:dataset'.find { it.'dct:identifier' == 'test-latency-p90' }.'dcat:distribution'[1]"
                        + ".'dcat:mediaType'", equalTo("text/csv"));
    }

    @Test
    void jsonHasOnlyAggregatesAllowlistedLabelsAndSuppressesSmallGroups() {
        Response r = given().when().get("/open-data/v1/kpis/test-latency-p90" + WINDOW);
        r.then().statusCode(200).contentType(containsString("application/json"));
        String body = r.asString();
        assertThat(body).doesNotContain("user").doesNotContain("999").doesNotContain("998");
        JsonPath json = r.jsonPath();
        assertThat(json.getList("rows.group.region", String.class)).containsExactly("north", "south", "north");
        assertThat(json.getList("rows.suppressed", Boolean.class)).containsExactly(false, true, false);
        assertThat(json.getList("rows.value", Double.class)).containsExactly(140.0, null, 9.2);
        assertThat(json.getString("rows[0].periodStart")).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void csvParsesWithAStandardReaderAndMatchesTheJson() throws Exception {
        JsonPath json = given().when().get("/open-data/v1/kpis/test-latency-p90" + WINDOW).jsonPath();
        for (Response csv : List.of(
                given().when().get("/open-data/v1/kpis/test-latency-p90.csv" + WINDOW),
                given().accept("text/csv").when().get("/open-data/v1/kpis/test-latency-p90" + WINDOW))) {
            csv.then().statusCode(200).contentType(containsString("text/csv"));
            List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(csv.asString())).getRecords();
            assertThat(records).hasSize(json.getList("rows").size());
            for (int i = 0; i < records.size(); i++) {
                CSVRecord rec = records.get(i);
                String row = "rows[" + i + "].";
                assertThat(rec.get("period_start")).isEqualTo(json.getString(row + "periodStart"));
                assertThat(rec.get("period_end")).isEqualTo(json.getString(row + "periodEnd"));
                assertThat(rec.get("region")).isEqualTo(json.getString(row + "group.region"));
                assertThat(rec.get("suppressed")).isEqualTo(json.getString(row + "suppressed"));
                Double value = json.get(row + "value") == null ? null : json.getDouble(row + "value");
                assertThat(rec.get("value").isEmpty() ? null : Double.valueOf(rec.get("value"))).isEqualTo(value);
                assertThat(rec.get("unit")).isEqualTo("ms");
            }
            assertThat(records.get(0).toMap().keySet()).doesNotContain("user");
        }
    }

    @Test
    void etagGivesNotModifiedAndCacheControlIsSet() {
        Response first = given().when().get("/open-data/v1/kpis/test-latency-p90" + WINDOW);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=300");
        given().header("If-None-Match", etag).when().get("/open-data/v1/kpis/test-latency-p90" + WINDOW).then()
                .statusCode(304).header("ETag", etag);
        given().header("If-None-Match", "\"other\"").when().get("/open-data/v1/kpis/test-latency-p90" + WINDOW)
                .then().statusCode(200);
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        given().when().get("/open-data/v1/kpis/no-such-kpi").then().statusCode(404);
        given().when().get("/open-data/v1/kpis/test-latency-p90?from=yesterday").then().statusCode(400)
                .body("error", equalTo("'from' must be ms since epoch or an RFC 3339 instant, got 'yesterday'"));
        given().when().get("/open-data/v1/kpis/test-latency-p90?from=0&to=86400000000").then().statusCode(400)
                .body("error", containsString("spans more than 400 hour periods"));
    }
}
