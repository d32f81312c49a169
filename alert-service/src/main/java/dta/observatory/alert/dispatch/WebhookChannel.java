package dta.observatory.alert.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs each notification as JSON to a configured URL, with an {@code Idempotency-Key} header that stays the same
 * across retries. Any 2xx is delivered. The URL may carry a secret token, so it is never put in logs or messages.
 */
public final class WebhookChannel implements Channel {

    public static final String NAME = "webhook";

    private final HttpPoster poster;
    private final ObjectMapper json;

    public WebhookChannel(URI url, Duration timeout, ObjectMapper json) {
        this.poster = new HttpPoster(NAME, url, timeout, Map.of());
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException {
        poster.postJson(json, payload(notification), Map.of("Idempotency-Key", notification.idempotencyKey()));
    }

    /**
     * The JSON body: the first alert's fields at the top (what a one-alert receiver reads), then the group: its
     * labels, every alert in it and the count.
     */
    static Map<String, Object> payload(Notification n) {
        Map<String, Object> body = alert(n.alert());
        body.put("status", n.status());
        body.put("groupKey", n.groupKey());
        body.put("groupLabels", n.groupLabels());
        body.put("repeat", n.repeat());
        body.put("count", n.size());
        List<Map<String, Object>> alerts = new java.util.ArrayList<>();
        n.firing().forEach(r -> alerts.add(alert(r)));
        n.resolved().forEach(r -> alerts.add(alert(r)));
        body.put("alerts", alerts);
        return body;
    }

    static Map<String, Object> alert(AlertRecord alert) {
        AlertEvent e = alert.event();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", alert.id());
        body.put("status", e.status().name().toLowerCase(Locale.ROOT));
        body.put("rule", e.ruleId());
        body.put("metric", e.metric());
        body.put("labels", e.labels());
        body.put("value", e.value());
        body.put("comparator", e.comparator());
        body.put("threshold", e.threshold());
        body.put("severity", e.severity());
        body.put("summary", e.summary());
        body.put("description", e.description());
        body.put("observedAt", Instant.ofEpochMilli(e.observedAtMs()).toString());
        body.put("observedAtMs", e.observedAtMs());
        return body;
    }
}
