package dta.observatory.alert.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertLabels;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.dispatch.Dispatcher;
import dta.observatory.alert.dispatch.LogChannel;
import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.grouping.GroupNotification;
import dta.observatory.alert.grouping.Grouper;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.hitl.TaskQueue;
import dta.observatory.alert.inhibit.Inhibitor;
import dta.observatory.alert.outbox.StateLog;
import dta.observatory.alert.routing.Route;
import dta.observatory.alert.routing.RoutingTree;
import dta.observatory.alert.silence.Silence;
import dta.observatory.alert.silence.Silences;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The path of an alert: journaled (fsync) before {@link #receive} returns, recorded, routed, grouped; on each
 * {@link #tick} the due group notifications that silences and inhibition leave are journaled per channel in the
 * outbox and handed to the dispatcher. Acks and silences are journaled too, so a restart rebuilds the same state
 * ({@link #restore} is the journal's replay consumer). Compaction takes the write lock so that no record is
 * appended between the snapshot and the rewrite.
 */
public final class AlertPipeline {

    private static final Logger LOG = Logger.getLogger(AlertPipeline.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Escalation of unclaimed hitl tasks; {@code channel} null or empty: none. */
    public record Escalation(String channel, Duration after) {
    }

    private final RoutingTree routing;
    private final Grouper grouper;
    private final Silences silences;
    private final Inhibitor inhibitor;
    private final AlertLog log;
    private final TaskQueue tasks;
    private final Escalation escalation;
    private final long compactBytes;
    private final LongSupplier clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private StateLog outbox;
    private Dispatcher dispatcher;
    // whether this replica decides group notifications; always in embedded mode, the lock holder in cluster mode
    private volatile BooleanSupplier decidesGroups = () -> true;

    public AlertPipeline(RoutingTree routing, Grouper grouper, Silences silences, Inhibitor inhibitor, AlertLog log,
            TaskQueue tasks, Escalation escalation, long compactBytes, LongSupplier clock) {
        this.routing = routing;
        this.grouper = grouper;
        this.silences = silences;
        this.inhibitor = inhibitor;
        this.log = log;
        this.tasks = tasks;
        this.escalation = escalation;
        this.compactBytes = compactBytes;
        this.clock = clock;
    }

    /** Connects the state log (replayed through {@link #restore}) and the dispatcher. */
    public void start(StateLog outbox, Dispatcher dispatcher) {
        this.outbox = outbox;
        this.dispatcher = dispatcher;
    }

    /**
     * With several replicas every one holds the same groups (each applies the others' records through
     * {@link #restore}), but only the one for which {@code decides} holds flushes them into notifications, so that
     * a group is notified once and not once per replica.
     */
    public void decideGroupsWhen(BooleanSupplier decides) {
        this.decidesGroups = decides;
    }

    /** Whether this replica currently flushes groups (and re-sends to Alertmanager). */
    public boolean decidesGroups() {
        return decidesGroups.getAsBoolean();
    }

    /** Journals, records and groups an alert. Returns once it is on disk. */
    public AlertRecord receive(AlertEvent event) {
        lock.readLock().lock();
        try {
            AlertRecord record = log.record(event);
            outbox.record(alertNode("alert", record));
            group(record, clock.getAsLong());
            return record;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void group(AlertRecord record, long nowMs) {
        List<String> named = record.event().channels();
        for (Route route : routing.match(AlertLabels.of(record.event()))) {
            grouper.add(route, named.isEmpty() ? route.channels() : named, record, nowMs);
        }
    }

    /** Acknowledges an alert: journaled; its group stops repeating it until it fires anew. */
    public Optional<AlertRecord> acknowledge(String id, String by) {
        lock.readLock().lock();
        try {
            Optional<AlertRecord> r = log.acknowledge(id, by);
            r.ifPresent(rec -> {
                outbox.record(alertNode("ack", rec));
                grouper.acknowledge(AlertLabels.fingerprint(rec.event()));
            });
            return r;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Creates and journals a silence; {@code startsAtMs} 0 means now. Refused (IllegalArgumentException, the
     * message says why) without matchers, with a bad matcher, without an end or ending before it starts.
     */
    public Silence createSilence(List<String> matchers, long startsAtMs, long endsAtMs, String by, String comment) {
        if (endsAtMs <= 0) {
            throw new IllegalArgumentException("a silence needs an end time (endsAt)");
        }
        if (startsAtMs < 0) {
            throw new IllegalArgumentException("startsAt must not be negative, got " + startsAtMs);
        }
        long now = clock.getAsLong();
        Silence s = new Silence(silences.nextId(now), matchers, startsAtMs == 0 ? now : startsAtMs, endsAtMs,
                by == null || by.isBlank() ? "unknown" : by, comment == null ? "" : comment);
        lock.readLock().lock();
        try {
            silences.put(s, now);
            outbox.record(silenceNode(s));
            return s;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Ends a silence now (journaled); it stays listed as expired. NoSuchElementException for an unknown id. */
    public Silence expireSilence(String id) {
        lock.readLock().lock();
        try {
            Silence s = silences.expire(id, clock.getAsLong()).orElseThrow(() -> noSilence(id));
            outbox.record(silenceNode(s));
            return s;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A silence by id; NoSuchElementException for an unknown id. */
    public Silence silence(String id) {
        return silences.get(id).orElseThrow(() -> noSilence(id));
    }

    private static java.util.NoSuchElementException noSilence(String id) {
        return new java.util.NoSuchElementException("no silence with id '" + id + "'");
    }

    /** Sends what is due: group notifications, escalations; compacts the journal when it grew large. */
    public void tick() {
        long now = clock.getAsLong();
        List<Notification> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            List<Map<String, String>> firing = grouper.firing().stream().map(r -> AlertLabels.of(r.event())).toList();
            List<GroupNotification> due = decidesGroups.getAsBoolean()
                    ? grouper.flush(now, r -> muted(r, firing, now)) : List.of();
            for (GroupNotification g : due) {
                Set<String> channels = new LinkedHashSet<>(g.channels());
                channels.add(LogChannel.NAME);
                channels.forEach(c -> out.add(Notification.of(c, g, now)));
                outbox.record(notifiedNode(g, now));
            }
            List<Task> escalated = new ArrayList<>();
            if (escalation.channel() != null && !escalation.channel().isBlank()) {
                for (Task t : tasks.escalationDue(escalation.after().toMillis())) {
                    escalated.add(t);
                    List<AlertRecord> alerts = grouper.firing(t.groupKey());
                    if (!alerts.isEmpty()) {
                        out.add(new Notification(escalation.channel(), "escalation", t.groupKey(), Map.of(),
                                alerts, List.of(), false, "escalation:" + t.id() + ":" + escalation.channel(), now));
                        LOG.info(() -> "task " + t.id() + " unclaimed: escalated to " + escalation.channel());
                    }
                }
            }
            if (!out.isEmpty()) {
                dispatcher.send(out);
            }
            // marked only once the escalation is in the outbox: a crash in between escalates again (same key)
            escalated.forEach(t -> tasks.markEscalated(t.id(), escalation.after().toMillis()));
        } finally {
            lock.readLock().unlock();
        }
        dispatcher.pump();
        if (outbox.journalBytes() > compactBytes) {
            compact();
        }
    }

    private boolean muted(AlertRecord r, List<Map<String, String>> firing, long now) {
        Map<String, String> labels = AlertLabels.of(r.event());
        return silences.mutes(labels, now) || inhibitor.inhibited(labels, firing);
    }

    /** Rewrites the journal with the live state only. */
    public void compact() {
        long before = outbox.journalBytes();
        snapshot(() -> { }, outbox::compact);
        LOG.info(() -> "journal compacted from " + before + " to " + outbox.journalBytes() + " bytes");
    }

    /**
     * Hands the live state (the records a replay needs to come back to it: alerts, silences, what was notified) to
     * {@code write}, with nothing recorded meanwhile: {@code prepare} runs first under the same lock (cluster mode:
     * apply what the other replicas recorded, so the state covers it).
     */
    public void snapshot(Runnable prepare, Consumer<List<ObjectNode>> write) {
        lock.writeLock().lock();
        try {
            prepare.run();
            Map<String, AlertRecord> alerts = new LinkedHashMap<>(log.snapshot());
            grouper.held().forEach(r -> alerts.putIfAbsent(r.id(), r));
            List<ObjectNode> state = new ArrayList<>();
            alerts.values().stream().sorted(Comparator.comparingLong(AlertRecord::receivedAtMs)
                    .thenComparing(AlertRecord::id)).forEach(r -> state.add(alertNode("alert", r)));
            silences.list().forEach(s -> state.add(silenceNode(s)));
            for (Object[] n : grouper.notifiedStates()) {
                ObjectNode node = JSON.createObjectNode().put("t", "notified").put("key", (String) n[0])
                        .put("at", (Long) n[3]);
                node.putObject("fps").put((String) n[1], n[2].toString());
                state.add(node);
            }
            write.accept(state);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replays one journal record (alerts, acks, silences, what was notified). */
    public void restore(JsonNode node) {
        long now = clock.getAsLong();
        switch (node.path("t").asText()) {
            case "alert" -> {
                AlertRecord r = JSON.convertValue(node.get("alert"), AlertRecord.class);
                log.restore(r);
                group(r, r.receivedAtMs());
            }
            case "ack" -> {
                AlertRecord r = JSON.convertValue(node.get("alert"), AlertRecord.class);
                log.restore(r);
                grouper.acknowledge(AlertLabels.fingerprint(r.event()));
            }
            case "silence" -> silences.put(JSON.convertValue(node.get("silence"), Silence.class), now);
            case "notified" -> node.path("fps").fields().forEachRemaining(e -> grouper.markNotified(
                    node.path("key").asText(), e.getKey(), AlertEvent.Status.valueOf(e.getValue().asText()),
                    node.path("at").asLong()));
            default -> LOG.warning(() -> "journal record of unknown type skipped: " + node.path("t").asText());
        }
    }

    private static ObjectNode alertNode(String type, AlertRecord r) {
        ObjectNode node = JSON.createObjectNode().put("t", type);
        node.set("alert", JSON.valueToTree(r));
        return node;
    }

    private static ObjectNode silenceNode(Silence s) {
        ObjectNode node = JSON.createObjectNode().put("t", "silence");
        node.set("silence", JSON.valueToTree(s));
        return node;
    }

    private static ObjectNode notifiedNode(GroupNotification g, long now) {
        ObjectNode node = JSON.createObjectNode().put("t", "notified").put("key", g.key()).put("at", now);
        ObjectNode fps = node.putObject("fps");
        g.firing().forEach(r -> fps.put(AlertLabels.fingerprint(r.event()), "FIRING"));
        g.resolved().forEach(r -> fps.put(AlertLabels.fingerprint(r.event()), "RESOLVED"));
        return node;
    }

    public Grouper grouper() {
        return grouper;
    }

    public Silences silences() {
        return silences;
    }
}
