package dta.observatory.alert.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs each alert as JSON to a configured URL, with an {@code Idempotency-Key} header that stays the same across
 * retries. Any 2xx is delivered. The URL may carry a secret token, so it is never put in logs or messages.
 */
public final class WebhookChannel implements Channel {

    public static final String NAME = "webhook";

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;

    public WebhookChannel(URI url, Duration timeout, ObjectMapper json) {
        this.url = url;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", notification.idempotencyKey())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(payload(notification.alert()))))
                    .build();
        } catch (JsonProcessingException e) {
            throw new DeliveryException("could not encode alert " + notification.alert().id(), e);
        }
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                throw new DeliveryException("webhook answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new DeliveryException("webhook unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to webhook", e);
        }
    }

    /** The JSON body: everything a receiver needs to act without calling back. */
    static Map<String, Object> payload(AlertRecord alert) {
        AlertEvent e = alert.event();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", alert.id());
        body.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
        body.put("rule", e.ruleId());
        body.put("metric", e.metric());
        body.put("labels", e.labels());
        body.put("value", e.value());
        body.put("comparator", e.comparator());
        body.put("threshold", e.threshold());
        body.put("severity", e.severity());
        body.put("summary", e.summary());
        body.put("observedAt", Instant.ofEpochMilli(e.observedAtMs()).toString());
        body.put("observedAtMs", e.observedAtMs());
        return body;
    }
}
