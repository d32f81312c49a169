package dta.observatory.store.quota;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A store over its disk quota raises dta.store.disk-quota through the alert service's Notify over real gRPC (a
 * recording AlertService in the test app), once per min-interval however often the engine reports it.
 */
@QuarkusTest
@TestProfile(DiskQuotaAlertTest.TinyQuota.class)
class DiskQuotaAlertTest {

    /** A 1-byte quota: the WAL alone is over it on every maintenance run (every 200 ms). */
    public static class TinyQuota implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dta.store.max-disk-bytes", "1", "dta.store.maintenance-interval", "200ms",
                    "dta.store.disk-alert.min-interval", "1h", "dta.store.disk-alert.severity", "warning");
        }
    }

    private static double diskHighRuns() {
        Matcher m = Pattern.compile("(?m)^dta_store_disk_usage_high_total(?:\\{[^}]*})? ([0-9.E]+)$")
                .matcher(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aStoreOverItsQuotaRaisesOneWarningAlertPerMinInterval() {
        await().atMost(Duration.ofSeconds(20)).until(() -> RecordingAlertService.NOTIFIED.stream()
                .anyMatch(a -> a.getRuleId().equals(DiskQuotaAlerts.RULE_ID)));
        Alert alert = RecordingAlertService.NOTIFIED.stream()
                .filter(a -> a.getRuleId().equals(DiskQuotaAlerts.RULE_ID)).findFirst().orElseThrow();
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.ALERT_STATUS_FIRING);
        assertThat(alert.getSeverity()).isEqualTo("warning");
        assertThat(alert.getThreshold()).isEqualTo(0.9);
        assertThat(alert.getValue()).as("used fraction of a 1-byte quota").isGreaterThan(1);
        assertThat(alert.getSummary()).startsWith("store disk usage ").contains(" bytes is ")
                .contains("of the quota of 1 bytes");

        // the engine keeps reporting on every run; min-interval (1 h) holds the repeats back
        double runs = diskHighRuns();
        await().atMost(Duration.ofSeconds(20)).until(() -> diskHighRuns() >= runs + 3);
        assertThat(RecordingAlertService.NOTIFIED).filteredOn(a -> a.getRuleId().equals(DiskQuotaAlerts.RULE_ID))
                .hasSize(1);
        assertThat(given().when().get("/q/metrics").then().extract().asString())
                .contains("dta_store_disk_alerts_sent_total 1.0");
    }
}
