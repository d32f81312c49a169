package dta.observatory.e2e;

import static dta.observatory.client.Windows.avg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Sample;
import dta.observatory.client.Metric;
import dta.observatory.client.Observatory;
import dta.observatory.client.rules.Rules;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's quick start across four real processes: the SDK emits through ingest into the store, the watcher
 * pulls slices and reports to the alert service, which POSTs to a real HTTP receiver.
 */
class QuickStartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObservatoryProcesses observatory;
    private static WebhookReceiver webhook;
    private static ServiceProcess store;
    private static ServiceProcess alert;
    private static ServiceProcess ingest;
    private static ServiceProcess watcher;

    @BeforeAll
    static void startObservatory() throws Exception {
        observatory = ObservatoryProcesses.start(Map.of());
        webhook = observatory.webhook;
        store = observatory.store;
        alert = observatory.alert;
        ingest = observatory.ingest;
        watcher = observatory.watcher();
    }

    @AfterAll
    static void stopObservatory() {
        observatory.close();
    }

    private static Observatory connect() {
        return observatory.connect(Duration.ofSeconds(1));
    }

    /** Emits {@code count} payments of which {@code failures} (spread evenly) fail, and waits until stored. */
    private static void payments(Observatory obs, int count, int failures) throws InterruptedException {
        int every = count / failures;
        for (int i = 0; i < count; i++) {
            obs.emit(new Metric("permit.pay.ok", i % every == every - 1 ? 0 : 1));
        }
        assertThat(obs.flush(Duration.ofSeconds(10))).as("ingest acknowledged the batch").isTrue();
    }

    @Test
    void quickStartFiresOnceBelowNinetyFivePercentAndThrottlesRepeats() throws Exception {
        AtomicInteger localFirings = new AtomicInteger();
        try (Observatory obs = connect()) {
            obs.rules().create(Rules.threshold("permit.pay.ok").id("pay-ok").lastValues(100).avg().below(0.95)
                    .channels("webhook").summary("Payment success <95%"));
            obs.watch("permit.pay.ok", 100, arr -> avg(arr) < 0.95, localFirings::incrementAndGet);

            payments(obs, 100, 2);
            assertThat(webhook.next(Duration.ofSeconds(10))).as("98% success must not alert").isNull();
            assertThat(localFirings.get()).isZero();

            payments(obs, 100, 10);
            WebhookReceiver.Delivery delivery = webhook.next(Duration.ofSeconds(10));
            assertThat(delivery).as("90% success must alert within 10 s").isNotNull();
            JsonNode body = JSON.readTree(delivery.body());
            assertThat(body.get("rule").asText()).isEqualTo("pay-ok");
            assertThat(body.get("metric").asText()).isEqualTo("permit.pay.ok");
            assertThat(body.get("status").asText()).isEqualTo("firing");
            assertThat(body.get("value").asDouble()).isEqualTo(0.9);
            assertThat(body.get("threshold").asDouble()).isEqualTo(0.95);
            assertThat(delivery.headers().get("Idempotency-Key")).isNotBlank();
            assertThat(localFirings.get()).as("the seed's lambda watch fires too").isPositive();

            payments(obs, 100, 10);
            assertThat(webhook.next(Duration.ofSeconds(10))).as("a repeat inside min_interval is throttled").isNull();
        }
        JsonNode alerts = JSON.readTree(Http.get(alert.baseUrl() + "/api/v1/alerts?rule=pay-ok").body()).get("alerts");
        assertThat(alerts).hasSize(1);
        JsonNode rule = JSON.readTree(Http.get(watcher.baseUrl() + "/api/v1/rules/pay-ok").body());
        assertThat(rule.get("state").asText()).isEqualTo("firing");

        Http.Reply ack = Http.postJson(alert.baseUrl() + "/api/v1/alerts/" + alerts.get(0).get("id").asText() + "/ack",
                "{\"by\":\"sre-on-call\"}");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(JSON.readTree(ack.body()).get("acknowledgedBy").asText()).isEqualTo("sre-on-call");
    }

    @Test
    void badInputIsRefusedWithReasonsWhileValidSamplesOfTheSameBatchAreStored() throws Exception {
        String emit = ingest.baseUrl() + "/api/v1/emit";
        Http.Reply emptyName = Http.postJson(emit, "{\"metric\":\"\",\"value\":1}");
        assertThat(emptyName.status()).isEqualTo(400);
        assertThat(emptyName.body()).contains("metric name is empty");

        Http.Reply nan = Http.postJson(emit, "{\"metric\":\"e2e.bad\",\"value\":\"NaN\"}");
        assertThat(nan.status()).isEqualTo(400);
        assertThat(nan.body()).contains("NaN");

        Http.Reply longName = Http.postJson(emit, "{\"metric\":\"" + "n".repeat(10_240) + "\",\"value\":1}");
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.body()).contains("10240 characters long");

        Http.Reply malformed = Http.postJson(emit, "{\"metric\": \"e2e.bad\", value");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid JSON");

        Http.Reply mixed = Http.postJson(emit, "{\"samples\":[{\"metric\":\"e2e.mixed\",\"value\":7},"
                + "{\"metric\":\"\",\"value\":1},{\"metric\":\"e2e.mixed\",\"value\":\"NaN\"}]}");
        assertThat(mixed.status()).isEqualTo(202);
        JsonNode counts = JSON.readTree(mixed.body());
        assertThat(counts.get("accepted").asInt()).isEqualTo(1);
        assertThat(counts.get("rejected").asInt()).isEqualTo(2);
        assertThat(counts.get("rejections").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(counts.get("rejections").get(1).get("reason").asText()).isEqualTo("non_finite_value");

        ManagedChannel channel = Grpc.newChannelBuilder(ingest.address(), InsecureChannelCredentials.create()).build();
        try {
            IngestServiceGrpc.IngestServiceBlockingStub grpc = IngestServiceGrpc.newBlockingStub(channel);
            assertThatThrownBy(() -> grpc.emit(EmitRequest.newBuilder()
                    .addSamples(Sample.newBuilder().setMetric("").setValue(1)).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains("metric name is empty");
                    });
            EmitResponse partly = grpc.emit(EmitRequest.newBuilder()
                    .addSamples(Sample.newBuilder().setMetric("e2e.mixed").setValue(8))
                    .addSamples(Sample.newBuilder().setMetric("e2e.mixed").setValue(Double.NaN)).build());
            assertThat(partly.getAccepted()).isEqualTo(1);
            assertThat(partly.getRejected()).isEqualTo(1);
        } finally {
            channel.shutdownNow();
        }

        assertThat(ingest.status("/q/health/live")).as("ingest stays up").isEqualTo(200);
        JsonNode slice = JSON.readTree(Http.get(store.baseUrl() + "/api/v1/slice?metric=e2e.mixed&n=10").body());
        assertThat(slice.get("series").get(0).get("points")).extracting(p -> p.get(1).asDouble())
                .containsExactly(7.0, 8.0);
        String metrics = Http.get(ingest.baseUrl() + "/q/metrics").body();
        assertThat(metrics).containsPattern("dta_ingest_rejected_total\\{[^}]*reason=\"empty_name\"[^}]*} [2-9]");
        assertThat(metrics).containsPattern("dta_ingest_rejected_total\\{[^}]*reason=\"non_finite_value\"[^}]*} [3-9]");
    }

    @Test
    void aTimestampOlderThanTheStoreKeepsIsRefusedWithTheStoresReasonAndCounted() throws Exception {
        long fortyDaysAgo = System.currentTimeMillis() - 40L * 24 * 3600 * 1000; // raw retention is 30 days
        Http.Reply old = Http.postJson(ingest.baseUrl() + "/api/v1/emit", "{\"samples\":["
                + "{\"metric\":\"e2e.old\",\"value\":1,\"timestampMs\":" + fortyDaysAgo + "},"
                + "{\"metric\":\"e2e.old\",\"value\":2}]}");
        assertThat(old.status()).isEqualTo(202);
        JsonNode reply = JSON.readTree(old.body());
        assertThat(reply.get("accepted").asInt()).isEqualTo(1);
        assertThat(reply.get("rejections").get(0).get("index").asInt()).isZero();
        assertThat(reply.get("rejections").get(0).get("reason").asText()).isEqualTo("timestamp_out_of_bounds");
        assertThat(reply.get("rejections").get(0).get("message").asText()).contains("outside");
        assertThat(Http.get(ingest.baseUrl() + "/q/metrics").body())
                .containsPattern("dta_ingest_rejected_total\\{[^}]*reason=\"timestamp_out_of_bounds\"[^}]*} [1-9]");
    }
}
