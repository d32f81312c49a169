package dta.observatory.alert.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.alerts.AlertLabels;
import dta.observatory.alert.alerts.AlertRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Forwards alerts to an Alertmanager's {@code POST /api/v2/alerts}. As Prometheus does, a firing alert carries an
 * {@code endsAt} a little in the future ({@code resendInterval} × 4): Alertmanager resolves it by itself unless it
 * is sent again, so the routes using this channel should repeat (repeat_interval) more often than that, and the
 * service re-sends firing alerts on that schedule. A resolved alert is sent with {@code endsAt} = now.
 */
public final class AlertmanagerChannel implements Channel {

    public static final String NAME = "alertmanager";

    private final HttpPoster poster;
    private final Duration resendInterval;
    private final LongSupplier clock;
    private final ObjectMapper json;

    public AlertmanagerChannel(URI baseUrl, Duration timeout, String authHeader, Duration resendInterval,
            LongSupplier clock, ObjectMapper json) {
        this.poster = new HttpPoster(NAME, baseUrl.resolve("/api/v2/alerts"), timeout,
                HttpPoster.authorization(authHeader));
        this.resendInterval = resendInterval;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification n) throws DeliveryException {
        poster.postJson(json, payload(n, clock.getAsLong()), Map.of());
    }

    List<Map<String, Object>> payload(Notification n, long nowMs) {
        List<Map<String, Object>> out = new ArrayList<>();
        n.firing().forEach(r -> out.add(alert(r, Instant.ofEpochMilli(nowMs).plus(resendInterval.multipliedBy(4)))));
        n.resolved().forEach(r -> out.add(alert(r, Instant.ofEpochMilli(nowMs))));
        return out;
    }

    private static Map<String, Object> alert(AlertRecord r, Instant endsAt) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("labels", AlertLabels.of(r.event()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", r.event().summary() == null ? "" : r.event().summary());
        if (!r.event().description().isEmpty()) {
            annotations.put("description", r.event().description());
        }
        annotations.put("value", String.valueOf(r.event().value()));
        annotations.put("threshold", r.event().comparator() + " " + r.event().threshold());
        annotations.put("dta_alert_id", r.id());
        a.put("annotations", annotations);
        a.put("startsAt", Instant.ofEpochMilli(r.event().observedAtMs()).toString());
        a.put("endsAt", endsAt.toString());
        return a;
    }
}
