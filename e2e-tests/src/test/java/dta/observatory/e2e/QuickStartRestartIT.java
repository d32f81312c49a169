package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.client.Metric;
import dta.observatory.client.Observatory;
import dta.observatory.client.rules.Rules;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick start on the durable store, with the store SIGKILLed and restarted on the same data directory halfway
 * through the payments: the rule's window of 100 must hold the payments from before the crash and after it, so the
 * alert names the success rate over all of them. Nothing ingest acknowledged is lost, nothing counted twice.
 */
class QuickStartRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObservatoryProcesses observatory;

    @BeforeAll
    static void startObservatory() throws Exception {
        observatory = ObservatoryProcesses.start(Map.of());
    }

    @AfterAll
    static void stopObservatory() {
        observatory.close();
    }

    /** Emits {@code count} payments, the first {@code failures} of them failed, and waits until ingest stored them. */
    private static void payments(Observatory obs, int count, int failures) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            obs.emit(new Metric("permit.pay.ok", i < failures ? 0 : 1));
        }
        assertThat(obs.flush(Duration.ofSeconds(20))).as("ingest acknowledged the payments").isTrue();
    }

    @Test
    void anAlertAfterAStoreCrashNamesTheRateOverThePaymentsFromBeforeAndAfterIt() throws Exception {
        try (Observatory obs = observatory.connect(Duration.ofSeconds(1))) {
            obs.rules().create(Rules.threshold("permit.pay.ok").id("pay-ok").lastValues(100).avg().below(0.95)
                    .channels("webhook").summary("Payment success <95%"));

            // 50 payments, 10 failed (80 %): the window of 100 is not full yet, so no verdict
            payments(obs, 50, 10);
            assertThat(observatory.webhook.next(Duration.ofSeconds(5))).as("half a window must not alert").isNull();
            try (Stream<java.nio.file.Path> wal = Files.list(observatory.store.dataDir().resolve("wal"))) {
                assertThat(wal).as("the store keeps a WAL on disk").isNotEmpty();
            }

            observatory.killAndRestartStore();

            // 50 more, all fine: over all 100 payments the success rate is 90 %; over the last 50 alone it is 100 %
            payments(obs, 50, 0);
            WebhookReceiver.Delivery delivery = observatory.webhook.next(Duration.ofSeconds(30));
            assertThat(delivery).as("the window spans the crash and fires").isNotNull();
            JsonNode body = JSON.readTree(delivery.body());
            assertThat(body.get("rule").asText()).isEqualTo("pay-ok");
            assertThat(body.get("status").asText()).isEqualTo("firing");
            assertThat(body.get("value").asDouble()).as("avg over the 100 payments before and after the crash")
                    .isEqualTo(0.9);
        }
        JsonNode slice = JSON.readTree(Http.get(observatory.store.baseUrl()
                + "/api/v1/slice?metric=permit.pay.ok&n=10000").body());
        JsonNode points = slice.get("series").get(0).get("points");
        assertThat(points).as("every acknowledged payment once, none lost, none replayed twice").hasSize(100);
        long failed = 0;
        for (JsonNode p : points) {
            failed += p.get(1).asDouble() == 0 ? 1 : 0;
        }
        assertThat(failed).isEqualTo(10);
    }
}
