package dta.observatory.alert.grouping;

import dta.observatory.alert.alerts.AlertEvent.Status;
import dta.observatory.alert.alerts.AlertLabels;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.routing.Route;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Turns a stream of alerts into few notifications, the way Alertmanager does. Alerts are put in groups (route,
 * channels, values of the route's group_by labels). A group speaks first after group_wait, then at most every
 * group_interval and only when something changed (an alert newly firing, or resolved when the route sends
 * resolved), and again after repeat_interval while unacknowledged alerts keep firing. The same alert (same
 * fingerprint) arriving again changes nothing: that is the dedup. An alert that flaps (resolves and fires again
 * between two notifications) is not notified at all. Time is passed in, so tests need no clock. Thread-safe.
 */
public final class Grouper {

    private static final class Entry {
        AlertRecord alert;
        Status notified; // what the last notification said about it; null: never notified
        boolean acknowledged;

        Entry(AlertRecord alert) {
            this.alert = alert;
        }
    }

    private static final class Group {
        final Route route;
        final String key;
        final Map<String, String> labels;
        final List<String> channels;
        final LinkedHashMap<String, Entry> alerts = new LinkedHashMap<>();
        long nextFlushAtMs;
        long lastSentAtMs = -1;
        int repeats;

        Group(Route route, String key, Map<String, String> labels, List<String> channels, long nextFlushAtMs) {
            this.route = route;
            this.key = key;
            this.labels = labels;
            this.channels = channels;
            this.nextFlushAtMs = nextFlushAtMs;
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final int maxAlerts;
    private int alertCount;
    private long deduplicated;
    private long dropped;

    /** @param maxAlerts alerts held across all groups; past it new ones are dropped and counted */
    public Grouper(int maxAlerts) {
        if (maxAlerts < 1) {
            throw new IllegalArgumentException("maxAlerts must be at least 1, got " + maxAlerts);
        }
        this.maxAlerts = maxAlerts;
    }

    /** The group key an alert gets on a route with these channels. */
    public static String groupKey(Route route, List<String> channels, Map<String, String> groupLabels) {
        return route.name() + ":" + channels + ":" + groupLabels;
    }

    /** Adds (or updates) an alert in its group on this route. Returns false if it was a duplicate or dropped. */
    public synchronized boolean add(Route route, List<String> channels, AlertRecord alert, long nowMs) {
        Map<String, String> labels = AlertLabels.of(alert.event());
        Map<String, String> groupLabels = new TreeMap<>();
        if (route.groupsByAll()) {
            groupLabels.putAll(labels);
        } else {
            for (String name : route.groupBy()) {
                groupLabels.put(name, labels.getOrDefault(name, ""));
            }
        }
        String key = groupKey(route, channels, groupLabels);
        String fp = AlertLabels.fingerprint(alert.event());
        Group group = groups.get(key);
        Entry entry = group == null ? null : group.alerts.get(fp);
        if (entry == null) {
            if (alertCount >= maxAlerts) {
                dropped++;
                return false;
            }
            if (group == null) {
                group = new Group(route, key, Map.copyOf(groupLabels), List.copyOf(channels),
                        nowMs + route.groupWait().toMillis());
                groups.put(key, group);
            }
            group.alerts.put(fp, new Entry(alert));
            alertCount++;
            return true;
        }
        Status before = entry.alert.event().status();
        entry.alert = alert;
        if (before == alert.event().status()) {
            deduplicated++;
            return false;
        }
        if (alert.event().status() == Status.FIRING) {
            entry.acknowledged = false; // it fires anew: someone must look again
        }
        return true;
    }

    /**
     * Restores what a notification sent before a restart (or by another replica) said about an alert, so that it
     * is not sent again.
     */
    public synchronized void markNotified(String groupKey, String fingerprint, Status status, long atMs) {
        Group g = groups.get(groupKey);
        Entry e = g == null ? null : g.alerts.get(fingerprint);
        if (e != null) {
            e.notified = status;
            if (status == Status.RESOLVED && e.alert.event().status() == Status.RESOLVED) {
                // the flush that sent it resolved dropped it: mirror that (a replica that only applies what
                // another one notified would otherwise hold resolved alerts for ever)
                g.alerts.remove(fingerprint);
                alertCount--;
            }
            g.lastSentAtMs = Math.max(g.lastSentAtMs, atMs);
            g.nextFlushAtMs = Math.max(g.nextFlushAtMs, atMs + g.route.groupInterval().toMillis());
        }
    }

    /** Stops repeats for this alert until it fires anew. Returns whether the grouper holds it. */
    public synchronized boolean acknowledge(String fingerprint) {
        boolean found = false;
        for (Group g : groups.values()) {
            Entry e = g.alerts.get(fingerprint);
            if (e != null) {
                e.acknowledged = true;
                found = true;
            }
        }
        return found;
    }

    /** The firing alerts of one group (empty if the group is gone). */
    public synchronized List<AlertRecord> firing(String groupKey) {
        Group g = groups.get(groupKey);
        if (g == null) {
            return List.of();
        }
        return g.alerts.values().stream().filter(e -> e.alert.event().status() == Status.FIRING)
                .map(e -> e.alert).toList();
    }

    /** What was last notified per group and fingerprint, for compaction: {key, fingerprint, status, at}. */
    public synchronized List<Object[]> notifiedStates() {
        List<Object[]> out = new ArrayList<>();
        for (Group g : groups.values()) {
            g.alerts.forEach((fp, e) -> {
                if (e.notified != null) {
                    out.add(new Object[] {g.key, fp, e.notified, g.lastSentAtMs});
                }
            });
        }
        return out;
    }

    /** Every alert held (firing or awaiting its resolved notification). */
    public synchronized List<AlertRecord> held() {
        List<AlertRecord> out = new ArrayList<>();
        groups.values().forEach(g -> g.alerts.values().forEach(e -> out.add(e.alert)));
        return out;
    }

    /**
     * Firing alerts already notified as firing in groups that deliver to {@code channel}, one per fingerprint
     * (an alert on several routes counts once). Acknowledged and muted ones included: this is what a receiver
     * that forgets unrefreshed alerts (Alertmanager) must keep hearing about.
     */
    public synchronized List<AlertRecord> notifiedFiring(String channel) {
        Map<String, AlertRecord> out = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            if (!g.channels.contains(channel)) {
                continue;
            }
            g.alerts.forEach((fp, e) -> {
                if (e.alert.event().status() == Status.FIRING && e.notified == Status.FIRING) {
                    out.putIfAbsent(fp, e.alert);
                }
            });
        }
        return new ArrayList<>(out.values());
    }

    /** Firing alerts held, e.g. as sources for inhibition. */
    public synchronized List<AlertRecord> firing() {
        List<AlertRecord> out = new ArrayList<>();
        for (Group g : groups.values()) {
            for (Entry e : g.alerts.values()) {
                if (e.alert.event().status() == Status.FIRING) {
                    out.add(e.alert);
                }
            }
        }
        return out;
    }

    /**
     * The notifications due at {@code nowMs}. Alerts for which {@code muted} holds (silenced, inhibited) are left
     * out and do not count as changes; when the mute ends they are notified like new ones.
     */
    public synchronized List<GroupNotification> flush(long nowMs, Predicate<AlertRecord> muted) {
        List<GroupNotification> out = new ArrayList<>();
        for (Iterator<Group> it = groups.values().iterator(); it.hasNext();) {
            Group g = it.next();
            if (nowMs >= g.nextFlushAtMs) {
                GroupNotification n = flush(g, nowMs, muted);
                if (n != null) {
                    out.add(n);
                }
            }
            if (g.alerts.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    private GroupNotification flush(Group g, long nowMs, Predicate<AlertRecord> muted) {
        List<Entry> firing = new ArrayList<>();
        List<Entry> resolved = new ArrayList<>();
        boolean changed = false;
        for (Iterator<Entry> it = g.alerts.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            if (e.alert.event().status() == Status.RESOLVED) {
                if (e.notified == Status.FIRING && g.route.sendResolved()) {
                    resolved.add(e);
                    changed = true;
                } else {
                    it.remove(); // never told anyone it fired, or the route does not send resolved
                    alertCount--;
                }
            } else if (!muted.test(e.alert)) {
                firing.add(e);
                changed |= e.notified != Status.FIRING;
            }
        }
        boolean repeat = false;
        if (!changed) {
            firing.removeIf(e -> e.acknowledged);
            if (g.lastSentAtMs < 0 || firing.isEmpty()
                    || nowMs - g.lastSentAtMs < g.route.repeatInterval().toMillis()) {
                return null;
            }
            repeat = true;
            g.repeats++;
        } else {
            g.repeats = 0;
        }
        StringBuilder content = new StringBuilder(g.key);
        List<AlertRecord> firingAlerts = new ArrayList<>();
        List<AlertRecord> resolvedAlerts = new ArrayList<>();
        for (Entry e : firing) {
            e.notified = Status.FIRING;
            firingAlerts.add(e.alert);
            content.append("|F").append(e.alert.id());
        }
        for (Entry e : resolved) {
            resolvedAlerts.add(e.alert);
            content.append("|R").append(e.alert.id());
            g.alerts.values().remove(e);
            alertCount--;
        }
        g.lastSentAtMs = nowMs;
        g.nextFlushAtMs = nowMs + g.route.groupInterval().toMillis();
        String idem = AlertLabels.hash(content.toString()) + (repeat ? "-r" + g.repeats : "");
        return new GroupNotification(g.route.name(), g.key, g.labels, g.channels, firingAlerts, resolvedAlerts,
                repeat, idem);
    }

    public synchronized int groups() {
        return groups.size();
    }

    public synchronized int alerts() {
        return alertCount;
    }

    public synchronized long deduplicated() {
        return deduplicated;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
