package dta.observatory.alert.outbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The durable queue of notifications to send, on a {@link Journal}. A notification is on disk before
 * {@link #enqueue} returns; each failed attempt, each delivery and each dead letter is journaled too, so after
 * kill -9 the notifications not yet delivered are pending again (at-least-once: one that was delivered but whose
 * "done" did not reach the disk is sent again with the same idempotency key). Other records (alerts, acks,
 * silences) share the journal: {@link #record} writes them and replay hands them back to the owner. Pending
 * notifications are bounded: past {@code maxPending} new ones are refused and counted. Thread-safe.
 */
public final class Outbox implements NotificationOutbox, StateLog, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Journal journal;
    private final RetryPolicy retry;
    private final int maxPending;
    private final int maxDead;
    private final DoubleSupplier random;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Deque<DeadLetter> dead = new ArrayDeque<>();
    private long dropped;

    private Outbox(Journal journal, RetryPolicy retry, int maxPending, int maxDead, DoubleSupplier random) {
        this.journal = journal;
        this.retry = retry;
        this.maxPending = maxPending;
        this.maxDead = maxDead;
        this.random = random;
    }

    /**
     * Opens the journal file and replays it: notifications come back pending, dead letters come back, and every
     * other record is handed to {@code others} in the order written.
     */
    public static Outbox open(Path file, RetryPolicy retry, int maxPending, int maxDead, DoubleSupplier random,
            Consumer<JsonNode> others) {
        if (maxPending < 1 || maxDead < 1) {
            throw new IllegalArgumentException("maxPending and maxDead must be at least 1, got " + maxPending
                    + " and " + maxDead);
        }
        List<byte[]> records = new ArrayList<>();
        Journal journal = Journal.open(file, records);
        Outbox outbox = new Outbox(journal, retry, maxPending, maxDead, random);
        for (byte[] r : records) {
            JsonNode node;
            try {
                node = JSON.readTree(r);
            } catch (IOException e) {
                continue; // CRC-valid but not JSON cannot happen unless written by another program: skip it
            }
            outbox.replay(node, others);
        }
        return outbox;
    }

    private void replay(JsonNode node, Consumer<JsonNode> others) {
        String id = node.path("id").asText();
        switch (node.path("t").asText()) {
            case "enq" -> {
                Notification n = JSON.convertValue(node.get("n"), Notification.class);
                pending.put(n.idempotencyKey(), new Pending(n, node.path("attempts").asInt(0),
                        node.path("due").asLong(0), node.path("err").asText(null)));
            }
            case "try" -> pending.computeIfPresent(id, (k, p) -> new Pending(p.notification(),
                    node.path("attempts").asInt(), node.path("due").asLong(), node.path("err").asText(null)));
            case "done" -> pending.remove(id);
            case "dead" -> {
                Pending p = pending.remove(id);
                Notification n = p != null ? p.notification()
                        : node.has("n") ? JSON.convertValue(node.get("n"), Notification.class) : null;
                if (n != null) {
                    addDead(new DeadLetter(n, node.path("attempts").asInt(), node.path("err").asText(),
                            node.path("at").asLong()));
                }
            }
            default -> others.accept(node);
        }
    }

    /** Journals an application record (must carry a "t" other than enq/try/done/dead). */
    @Override
    public void record(ObjectNode node) {
        journal.append(List.of(bytes(node)));
    }

    /**
     * Puts notifications on disk and in the queue, due now. Returns how many were refused because the queue is
     * full (counted in {@link #dropped()}). A notification already pending (same key) is not queued twice.
     */
    @Override
    public int enqueue(List<Notification> notifications, long nowMs) {
        List<byte[]> records = new ArrayList<>();
        List<Notification> accepted = new ArrayList<>();
        int refused = 0;
        synchronized (this) {
            for (Notification n : notifications) {
                if (pending.containsKey(n.idempotencyKey())) {
                    continue;
                }
                if (pending.size() + accepted.size() >= maxPending) {
                    refused++;
                    continue;
                }
                accepted.add(n);
                records.add(bytes(enq(n, 0, nowMs, null)));
            }
            dropped += refused;
        }
        journal.append(records); // on disk before anyone can deliver (and complete) it
        synchronized (this) {
            for (Notification n : accepted) {
                pending.put(n.idempotencyKey(), new Pending(n, 0, nowMs, null));
            }
        }
        return refused;
    }

    private static ObjectNode enq(Notification n, int attempts, long due, String err) {
        ObjectNode node = JSON.createObjectNode().put("t", "enq").put("attempts", attempts).put("due", due);
        if (err != null) {
            node.put("err", err);
        }
        node.set("n", JSON.valueToTree(n));
        return node;
    }

    /**
     * Up to {@code max} notifications due at {@code nowMs}, the longest due first, marked under way until
     * delivered or failed. Longest due first, not queue order: notifications retried again and again for a
     * receiver that is down are due again only after their backoff, so they cannot starve the others.
     */
    @Override
    public synchronized List<Pending> takeDue(long nowMs, int max) {
        List<Pending> due = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.dueAtMs() <= nowMs && !inFlight.contains(p.notification().idempotencyKey())) {
                due.add(p);
            }
        }
        due.sort(java.util.Comparator.comparingLong(Pending::dueAtMs)); // stable: queue order among equals
        List<Pending> out = due.subList(0, Math.min(max, due.size()));
        out.forEach(p -> inFlight.add(p.notification().idempotencyKey()));
        return new ArrayList<>(out);
    }

    /** The notification arrived: journaled as done and forgotten. */
    @Override
    public void delivered(String id) {
        journal.append(List.of(bytes(JSON.createObjectNode().put("t", "done").put("id", id))));
        synchronized (this) {
            pending.remove(id);
            inFlight.remove(id);
        }
    }

    /**
     * An attempt failed. Returns the dead letter when it was the last attempt, else null (and the notification
     * is due again after the backoff with jitter).
     */
    @Override
    public DeadLetter failed(String id, String error, long nowMs) {
        Pending p;
        synchronized (this) {
            p = pending.get(id);
        }
        if (p == null) {
            return null;
        }
        int attempts = p.attempts() + 1;
        return attempts >= retry.maxAttempts() ? dead(p, attempts, error, nowMs) : retryLater(p, attempts, error, nowMs);
    }

    /** Gives up at once (e.g. the channel is not configured: retrying cannot help). Null if not pending. */
    @Override
    public DeadLetter giveUp(String id, String error, long nowMs) {
        Pending p;
        synchronized (this) {
            p = pending.get(id);
        }
        return p == null ? null : dead(p, p.attempts() + 1, error, nowMs);
    }

    private DeadLetter dead(Pending p, int attempts, String error, long nowMs) {
        String id = p.notification().idempotencyKey();
        DeadLetter d = new DeadLetter(p.notification(), attempts, error, nowMs);
        journal.append(List.of(bytes(JSON.createObjectNode().put("t", "dead").put("id", id)
                .put("attempts", attempts).put("err", error).put("at", nowMs))));
        synchronized (this) {
            pending.remove(id);
            inFlight.remove(id);
            addDead(d);
        }
        return d;
    }

    private DeadLetter retryLater(Pending p, int attempts, String error, long nowMs) {
        String id = p.notification().idempotencyKey();
        long due = nowMs + retry.backoffMillis(attempts, random);
        journal.append(List.of(bytes(JSON.createObjectNode().put("t", "try").put("id", id)
                .put("attempts", attempts).put("due", due).put("err", error))));
        synchronized (this) {
            pending.put(id, new Pending(p.notification(), attempts, due, error));
            inFlight.remove(id);
        }
        return null;
    }

    /** Queues a dead letter again with a fresh attempt count; false if there is no such dead letter. */
    @Override
    public boolean redrive(String id, long nowMs) {
        DeadLetter d;
        synchronized (this) {
            d = dead.stream().filter(x -> x.notification().idempotencyKey().equals(id)).findFirst().orElse(null);
            if (d == null) {
                return false;
            }
            dead.remove(d);
        }
        journal.append(List.of(bytes(enq(d.notification(), 0, nowMs, null))));
        synchronized (this) {
            pending.put(id, new Pending(d.notification(), 0, nowMs, null));
        }
        return true;
    }

    private void addDead(DeadLetter d) {
        dead.addLast(d);
        while (dead.size() > maxDead) {
            dead.removeFirst();
        }
    }

    /**
     * Rewrites the journal with only what is live: {@code appState} (the owner's current records) followed by
     * the pending notifications and the dead letters kept.
     */
    @Override
    public synchronized void compact(List<ObjectNode> appState) {
        List<byte[]> records = new ArrayList<>();
        appState.forEach(n -> records.add(bytes(n)));
        for (DeadLetter d : dead) {
            ObjectNode node = JSON.createObjectNode().put("t", "dead").put("id", d.notification().idempotencyKey())
                    .put("attempts", d.attempts()).put("err", d.error()).put("at", d.atMs());
            node.set("n", JSON.valueToTree(d.notification()));
            records.add(bytes(node));
        }
        for (Pending p : pending.values()) {
            records.add(bytes(enq(p.notification(), p.attempts(), p.dueAtMs(), p.lastError())));
        }
        journal.rewrite(records);
    }

    @Override
    public long journalBytes() {
        return journal.size();
    }

    public long truncatedBytes() {
        return journal.truncatedBytes();
    }

    @Override
    public synchronized int depth() {
        return pending.size();
    }

    /** Age of the oldest notification not yet delivered, 0 when none. */
    @Override
    public synchronized long oldestPendingAgeMs(long nowMs) {
        long oldest = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
            oldest = Math.min(oldest, p.notification().createdAtMs());
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, nowMs - oldest);
    }

    @Override
    public synchronized List<Pending> pending() {
        return new ArrayList<>(pending.values());
    }

    @Override
    public synchronized Map<String, Integer> pendingByChannel() {
        Map<String, Integer> out = new LinkedHashMap<>();
        pending.values().forEach(p -> out.merge(p.notification().channel(), 1, Integer::sum));
        return out;
    }

    @Override
    public synchronized List<DeadLetter> deadLetters() {
        return new ArrayList<>(dead);
    }

    @Override
    public synchronized long dropped() {
        return dropped;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
