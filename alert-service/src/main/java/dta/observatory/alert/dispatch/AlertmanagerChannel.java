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
import java.util.function.Supplier;

/**
 * Forwards alerts to an Alertmanager's {@code POST /api/v2/alerts}. As Prometheus does, a firing alert carries an
 * {@code endsAt} a little in the future ({@code resendInterval} × 3): Alertmanager resolves by itself an alert
 * that is not sent again before then, so {@link AlertmanagerResender} re-posts the firing ones every
 * {@code resendInterval}. A resolved alert is sent with {@code endsAt} = now. Posts are serialized, so a re-send
 * computed before a resolution cannot overtake the resolved post and revive the alert.
 */
public final class AlertmanagerChannel implements Channel {

    public static final String NAME = "alertmanager";

    private final HttpPoster poster;
    private final Duration resendInterval;
    private final LongSupplier clock;
    private final ObjectMapper json;
    private final Object posting = new Object();

    public AlertmanagerChannel(URI baseUrl, Duration timeout, String authHeader, Duration resendInterval,
            LongSupplier clock, ObjectMapper json) {
        if (resendInterval == null || resendInterval.isNegative() || resendInterval.isZero()) {
            throw new IllegalArgumentException("alertmanager resend interval must be positive, got " + resendInterval);
        }
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

    public Duration resendInterval() {
        return resendInterval;
    }

    @Override
    public void deliver(Notification n) throws DeliveryException {
        synchronized (posting) {
            poster.postJson(json, payload(n, clock.getAsLong()), Map.of());
        }
    }

    /**
     * Posts the alerts {@code firing} supplies now (asked inside the lock, see the class comment) as firing.
     * Returns how many were posted; nothing is posted when there are none.
     */
    int resend(Supplier<List<AlertRecord>> firing) throws DeliveryException {
        synchronized (posting) {
            List<AlertRecord> alerts = firing.get();
            if (alerts.isEmpty()) {
                return 0;
            }
            Instant endsAt = endsAtForFiring(clock.getAsLong());
            poster.postJson(json, alerts.stream().map(r -> alert(r, endsAt)).toList(), Map.of());
            return alerts.size();
        }
    }

    List<Map<String, Object>> payload(Notification n, long nowMs) {
        List<Map<String, Object>> out = new ArrayList<>();
        n.firing().forEach(r -> out.add(alert(r, endsAtForFiring(nowMs))));
        n.resolved().forEach(r -> out.add(alert(r, Instant.ofEpochMilli(nowMs))));
        return out;
    }

    private Instant endsAtForFiring(long nowMs) {
        return Instant.ofEpochMilli(nowMs).plus(resendInterval.multipliedBy(3));
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
