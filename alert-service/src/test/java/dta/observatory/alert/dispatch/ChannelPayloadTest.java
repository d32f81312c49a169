package dta.observatory.alert.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.grouping.GroupNotification;
import dta.observatory.alert.hitl.JournalTaskQueue;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.hitl.TaskQueue;
import dta.observatory.alert.testing.Alerts;
import dta.observatory.alert.testing.Receiver;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each channel's payload as a real HTTP receiver on 127.0.0.1 gets it. */
class ChannelPayloadTest {

    private final ObjectMapper json = new ObjectMapper();

    private static Notification group(String channel) {
        var a = Alerts.record(Alerts.event("pay-ok", AlertEvent.Status.FIRING, "critical", Map.of("instance", "a")));
        var b = Alerts.record(Alerts.event("pay-ok", AlertEvent.Status.FIRING, "critical", Map.of("instance", "b")));
        return Notification.of(channel, new GroupNotification("root", "root:[x]:{rule=pay-ok}", Map.of("rule", "pay-ok"),
                List.of(channel), List.of(a, b), List.of(), false, "abc"), 1_000);
    }

    @Test
    void webhookPostsTheGroupWithTheFirstAlertsFieldsOnTop() throws Exception {
        try (Receiver r = Receiver.ok()) {
            new WebhookChannel(URI.create(r.url("/hook")), Duration.ofSeconds(2), json).deliver(group("webhook"));
            JsonNode body = json.readTree(r.requests().get(0).body());
            assertThat(body.get("rule").asText()).isEqualTo("pay-ok");
            assertThat(body.get("count").asInt()).isEqualTo(2);
            assertThat(body.get("alerts")).hasSize(2);
            assertThat(body.get("groupLabels").get("rule").asText()).isEqualTo("pay-ok");
            assertThat(r.requests().get(0).headers()).containsEntry("Idempotency-Key", "abc:webhook");
        }
    }

    /** One firing alert whose rule has a description. */
    private static Notification described(String channel) {
        var a = Alerts.record(new AlertEvent("pay-ok", "permit.pay.ok", Map.of("instance", "a"), 0.9, 0.95, "<",
                AlertEvent.Status.FIRING, 1_800_000_000_000L, "critical", "Payment success <95%", List.of(),
                "Payments fail at the bank gateway; see runbook PAY-1"));
        return Notification.of(channel, new GroupNotification("root", "root:[x]:{rule=pay-ok}", Map.of("rule", "pay-ok"),
                List.of(channel), List.of(a), List.of(), false, "abc"), 1_000);
    }

    @Test
    void theRulesDescriptionReachesTheWebhookSlackAndAlertmanager() throws Exception {
        String description = "Payments fail at the bank gateway; see runbook PAY-1";
        try (Receiver r = Receiver.ok()) {
            new WebhookChannel(URI.create(r.url("/hook")), Duration.ofSeconds(2), json).deliver(described("webhook"));
            new SlackChannel(URI.create(r.url("/slack")), Duration.ofSeconds(2), json).deliver(described("slack"));
            new AlertmanagerChannel(URI.create(r.url("/")), Duration.ofSeconds(2), null, Duration.ofMinutes(1),
                    () -> 1_800_000_000_000L, json).deliver(described("alertmanager"));

            JsonNode webhook = json.readTree(r.requests().get(0).body());
            assertThat(webhook.get("description").asText()).isEqualTo(description);
            assertThat(webhook.get("alerts").get(0).get("description").asText()).isEqualTo(description);
            JsonNode slack = json.readTree(r.requests().get(1).body());
            assertThat(slack.get("text").asText()).isEqualTo("[FIRING] pay-ok (critical) Payment success <95%\n"
                    + description);
            assertThat(slack.get("blocks").get(1).get("text").get("text").asText()).isEqualTo(description);
            JsonNode alertmanager = json.readTree(r.requests().get(2).body());
            assertThat(alertmanager.get(0).get("annotations").get("description").asText()).isEqualTo(description);
        }
        try (Receiver r = Receiver.ok()) {
            new WebhookChannel(URI.create(r.url("/hook")), Duration.ofSeconds(2), json).deliver(group("webhook"));
            assertThat(json.readTree(r.requests().get(0).body()).get("description").asText())
                    .as("a rule without one: empty").isEmpty();
        }
    }

    @Test
    void slackGetsTextAndBlocks() throws Exception {
        try (Receiver r = Receiver.ok()) {
            new SlackChannel(URI.create(r.url("/services/T0/B0/secret")), Duration.ofSeconds(2), json)
                    .deliver(group("slack"));
            JsonNode body = json.readTree(r.requests().get(0).body());
            assertThat(body.get("text").asText()).isEqualTo("[FIRING:2] pay-ok (critical) Payment success <95%");
            assertThat(body.get("blocks").get(0).get("type").asText()).isEqualTo("header");
            assertThat(body.get("blocks").get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
            assertThat(body.get("blocks").get(1).get("text").get("text").asText()).contains("instance=a")
                    .contains("instance=b");
            assertThat(body.get("blocks").get(2).get("type").asText()).isEqualTo("context");
        }
    }

    @Test
    void smsPostsTwilioStyleFormsPerRecipientWithTheAuthHeaderAndTextCut() throws Exception {
        try (Receiver r = Receiver.ok()) {
            new SmsChannel(URI.create(r.url("/2010-04-01/Accounts/AC1/Messages.json")), Duration.ofSeconds(2),
                    "Basic QUMxOnRva2Vu", SmsChannel.Format.FORM, "+15550000000", List.of("+15551111111",
                    "+15552222222"), 20, json).deliver(group("sms"));
            assertThat(r.requests()).hasSize(2);
            Receiver.Request first = r.requests().get(0);
            assertThat(first.headers()).containsEntry("Authorization", "Basic QUMxOnRva2Vu")
                    .containsEntry("Content-Type", "application/x-www-form-urlencoded");
            Map<String, String> form = Arrays.stream(first.body().split("&")).map(kv -> kv.split("=", 2))
                    .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
            assertThat(form).containsEntry("To", "+15551111111").containsEntry("From", "+15550000000");
            assertThat(form.get("Body")).hasSize(20).isEqualTo("[FIRING:2] pay-ok (…");
        }
    }

    @Test
    void smsCanSendJsonAndRefusesAChannelWithoutRecipients() throws Exception {
        try (Receiver r = Receiver.ok()) {
            new SmsChannel(URI.create(r.url("/sms")), Duration.ofSeconds(2), null, SmsChannel.Format.JSON, "dta",
                    List.of("+1555"), 160, json).deliver(group("sms"));
            JsonNode body = json.readTree(r.requests().get(0).body());
            assertThat(body.get("to").asText()).isEqualTo("+1555");
            assertThat(body.get("text").asText()).startsWith("[FIRING:2] pay-ok");
            assertThat(r.requests().get(0).headers()).doesNotContainKey("Authorization");
        }
        assertThatThrownBy(() -> new SmsChannel(URI.create("http://x"), Duration.ofSeconds(1), null,
                SmsChannel.Format.FORM, "", List.of(), 160, json))
                .hasMessage("sms channel needs at least one recipient (dta.alert.sms.to)");
    }

    @Test
    void alertmanagerGetsV2AlertsWithLabelsAnnotationsAndEndsAt() throws Exception {
        try (Receiver r = Receiver.ok()) {
            new AlertmanagerChannel(URI.create(r.url("/")), Duration.ofSeconds(2), null, Duration.ofMinutes(1),
                    () -> 1_800_000_000_000L, json).deliver(group("alertmanager"));
            assertThat(r.requests().get(0).path()).isEqualTo("/api/v2/alerts");
            JsonNode body = json.readTree(r.requests().get(0).body());
            assertThat(body).hasSize(2);
            assertThat(body.get(0).get("labels").get("alertname").asText()).isEqualTo("pay-ok");
            assertThat(body.get(0).get("labels").get("severity").asText()).isEqualTo("critical");
            assertThat(body.get(0).get("annotations").get("summary").asText()).isEqualTo("Payment success <95%");
            assertThat(body.get(0).get("endsAt").asText()).isEqualTo("2027-01-15T08:03:00Z"); // now + 3 x resend interval
        }
    }

    @Test
    void hitlOpensOneTaskPerGroupAndCommentsOnItAfterwards() {
        TaskQueue tasks = new JournalTaskQueue(10, () -> 5_000);
        HitlChannel hitl = new HitlChannel(tasks);
        hitl.deliver(group("hitl"));
        hitl.deliver(group("hitl"));
        assertThat(tasks.list(null)).singleElement().satisfies(t -> {
            assertThat(t.title()).isEqualTo("[FIRING:2] pay-ok (critical) Payment success <95%");
            assertThat(t.severity()).isEqualTo("critical");
            assertThat(t.state()).isEqualTo(Task.State.OPEN);
            assertThat(t.comments()).hasSize(1);
        });
    }

    @Test
    void errorsNeverCarryTheUrl() {
        assertThatThrownBy(() -> new SlackChannel(URI.create("http://127.0.0.1:1/services/SECRET"),
                Duration.ofMillis(200), json).deliver(group("slack")))
                .isInstanceOf(DeliveryException.class).message().startsWith("slack unreachable")
                .doesNotContain("SECRET");
    }
}
