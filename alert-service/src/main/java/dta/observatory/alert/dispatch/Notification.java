package dta.observatory.alert.dispatch;

import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.grouping.GroupNotification;
import java.util.List;
import java.util.Map;

/**
 * One message to deliver on one channel: a group's firing alerts and the ones just resolved. The idempotency key
 * is the same for every attempt (and for a copy re-sent after a crash), so a receiver can drop duplicates that
 * at-least-once delivery may produce. It doubles as the notification's id in the outbox.
 */
public record Notification(String channel, String route, String groupKey, Map<String, String> groupLabels,
        List<AlertRecord> firing, List<AlertRecord> resolved, boolean repeat, String idempotencyKey,
        long createdAtMs) {

    public Notification {
        groupLabels = Map.copyOf(groupLabels == null ? Map.of() : groupLabels);
        firing = List.copyOf(firing == null ? List.of() : firing);
        resolved = List.copyOf(resolved == null ? List.of() : resolved);
        if (firing.isEmpty() && resolved.isEmpty()) {
            throw new IllegalArgumentException("a notification needs at least one alert");
        }
    }

    public static Notification of(String channel, GroupNotification g, long nowMs) {
        return new Notification(channel, g.route(), g.key(), g.groupLabels(), g.firing(), g.resolved(), g.repeat(),
                g.idempotencyKey() + ":" + channel, nowMs);
    }

    /** A notification about one alert, outside any group (escalations, direct sends). */
    public static Notification single(String channel, AlertRecord alert, String idempotencyKey, long nowMs) {
        boolean firing = alert.event().status() == dta.observatory.alert.alerts.AlertEvent.Status.FIRING;
        return new Notification(channel, "direct", "direct:" + alert.id(), Map.of(),
                firing ? List.of(alert) : List.of(), firing ? List.of() : List.of(alert), false, idempotencyKey,
                nowMs);
    }

    /** The first alert: the one a one-line message talks about. */
    public AlertRecord alert() {
        return firing.isEmpty() ? resolved.get(0) : firing.get(0);
    }

    /** "firing" while any alert of the group fires, else "resolved". */
    public String status() {
        return firing.isEmpty() ? "resolved" : "firing";
    }

    /** Ids of the alerts carried, firing first. */
    public List<String> alertIds() {
        List<String> ids = new java.util.ArrayList<>();
        firing.forEach(r -> ids.add(r.id()));
        resolved.forEach(r -> ids.add(r.id()));
        return ids;
    }

    public int size() {
        return firing.size() + resolved.size();
    }

    public Notification forChannel(String other, String key) {
        return new Notification(other, route, groupKey, groupLabels, firing, resolved, repeat, key, createdAtMs);
    }
}
