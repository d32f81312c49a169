package dta.observatory.alert.hitl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dta.observatory.alert.outbox.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The task queue of one replica (embedded mode). Bounded: past {@code capacity} the oldest done task is
 * forgotten; if none is done, the oldest task. Thread-safe.
 *
 * <p>Durable when opened with {@link #open}: every change is appended to a {@link Journal} (fsync) before the
 * call returns and before the change is visible, so tasks, their states, comments and escalation marks survive
 * kill -9. Records: {@code task} (the whole task, on open and on each state change), {@code comment} (one comment
 * added: comments are the part that grows, so they are not rewritten each time) and {@code forget} (evicted).
 * Past {@code compactBytes} the journal is rewritten with one {@code task} record per task held.
 */
public final class JournalTaskQueue implements TaskQueue {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final int capacity;
    private final LongSupplier clock;
    private final AtomicLong sequence = new AtomicLong();
    private final LinkedHashMap<String, Task> tasks = new LinkedHashMap<>();
    private final Journal journal; // null: in memory only
    private final long compactBytes;
    private long compactAt; // compactBytes, or twice the live state when that is larger (no rewrite per change)

    /** A queue in memory only (tests, tools): tasks are lost on restart. */
    public JournalTaskQueue(int capacity, LongSupplier clock) {
        this(capacity, clock, null, Long.MAX_VALUE);
    }

    private JournalTaskQueue(int capacity, LongSupplier clock, Journal journal, long compactBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        if (compactBytes < 1) {
            throw new IllegalArgumentException("compactBytes must be at least 1, got " + compactBytes);
        }
        this.capacity = capacity;
        this.clock = clock;
        this.journal = journal;
        this.compactBytes = compactBytes;
        this.compactAt = compactBytes;
    }

    /**
     * Opens (creating if needed) the journal {@code file} and replays it: the tasks come back as they were at the
     * last change that returned. A torn tail is cut as for the outbox.
     */
    public static JournalTaskQueue open(Path file, int capacity, long compactBytes, LongSupplier clock) {
        List<byte[]> records = new ArrayList<>();
        Journal journal = Journal.open(file, records);
        JournalTaskQueue queue = new JournalTaskQueue(capacity, clock, journal, compactBytes);
        for (byte[] r : records) {
            try {
                queue.replay(JSON.readTree(r));
            } catch (IOException e) {
                // CRC-valid but not JSON: only another program could have written it; skip it
            }
        }
        return queue;
    }

    private void replay(JsonNode node) {
        switch (node.path("t").asText()) {
            case "task" -> {
                Task t = JSON.convertValue(node.get("task"), Task.class);
                tasks.put(t.id(), t);
                sequence.accumulateAndGet(sequenceOf(t.id()), Math::max); // new ids never repeat old ones
            }
            case "comment" -> {
                Task t = tasks.get(node.path("id").asText());
                if (t != null) {
                    tasks.put(t.id(), TaskChanges.withComment(t, JSON.convertValue(node.get("c"), Task.Comment.class)));
                }
            }
            case "forget" -> tasks.remove(node.path("id").asText());
            default -> {
                // a record type from a newer version: ignore it rather than refuse to start
            }
        }
    }

    private static long sequenceOf(String id) {
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return 0;
        }
    }

    @Override
    public synchronized Task open(String title, String details, String severity, String groupKey) {
        long now = clock.getAsLong();
        for (Task t : tasks.values()) {
            if (t.groupKey().equals(groupKey) && t.state() != Task.State.DONE) {
                return addComment(t, TaskChanges.notifiedAgain(title, details, now));
            }
        }
        Task t = TaskChanges.opened("task-" + now + "-" + sequence.incrementAndGet(), title, details, severity,
                groupKey, now);
        String victim = null;
        if (tasks.size() + 1 > capacity) {
            victim = tasks.values().stream().filter(x -> x.state() == Task.State.DONE).findFirst()
                    .map(Task::id).orElse(tasks.keySet().iterator().next());
        }
        List<byte[]> records = new ArrayList<>();
        records.add(taskRecord(t));
        if (victim != null) {
            records.add(bytes(JSON.createObjectNode().put("t", "forget").put("id", victim)));
        }
        write(records);
        tasks.put(t.id(), t);
        if (victim != null) {
            tasks.remove(victim);
        }
        return t;
    }

    @Override
    public synchronized List<Task> list(Task.State state) {
        List<Task> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (state == null || t.state() == state) {
                out.add(t);
            }
        }
        out.sort(TaskChanges.NEWEST_FIRST);
        return out;
    }

    @Override
    public synchronized Optional<Task> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized Task claim(String id, String by) {
        return change(TaskChanges.claimed(require(id), by, clock.getAsLong()));
    }

    @Override
    public synchronized Task comment(String id, String by, String text) {
        Task t = require(id);
        return addComment(t, TaskChanges.comment(by, text, clock.getAsLong()));
    }

    @Override
    public synchronized Task close(String id, String by, String resolution) {
        return change(TaskChanges.closed(require(id), by, resolution, clock.getAsLong()));
    }

    @Override
    public synchronized List<Task> escalationDue(long unclaimedMs) {
        long now = clock.getAsLong();
        return tasks.values().stream().filter(t -> TaskChanges.escalationDue(t, unclaimedMs, now)).toList();
    }

    @Override
    public synchronized Optional<Task> markEscalated(String id, long unclaimedMs) {
        Task t = tasks.get(id);
        return t == null ? Optional.empty()
                : TaskChanges.escalated(t, unclaimedMs, clock.getAsLong()).map(this::change);
    }

    private Task require(String id) {
        Task t = tasks.get(id);
        if (t == null) {
            throw TaskChanges.unknown(id);
        }
        return t;
    }

    /** A state change: the whole task is journaled, then shown. */
    private Task change(Task t) {
        write(List.of(taskRecord(t)));
        tasks.put(t.id(), t);
        return t;
    }

    /** A new comment: only the comment is journaled, then shown. */
    private Task addComment(Task t, Task.Comment c) {
        ObjectNode node = JSON.createObjectNode().put("t", "comment").put("id", t.id());
        node.set("c", JSON.valueToTree(c));
        write(List.of(bytes(node)));
        Task updated = TaskChanges.withComment(t, c);
        tasks.put(updated.id(), updated);
        return updated;
    }

    private void write(List<byte[]> records) {
        if (journal == null) {
            return;
        }
        journal.append(records);
        if (journal.size() > compactAt) {
            List<byte[]> live = new ArrayList<>();
            tasks.values().forEach(t -> live.add(taskRecord(t)));
            // the records just appended are not applied yet: they follow the snapshot, as on replay
            live.addAll(records);
            journal.rewrite(live);
            compactAt = Math.max(compactBytes, 2 * journal.size());
        }
    }

    private static byte[] taskRecord(Task t) {
        ObjectNode node = JSON.createObjectNode().put("t", "task");
        node.set("task", JSON.valueToTree(t));
        return bytes(node);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of the journal file (0 in memory). */
    public long journalBytes() {
        return journal == null ? 0 : journal.size();
    }

    @Override
    public void close() {
        if (journal != null) {
            journal.close();
        }
    }
}
