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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The built-in task queue behind the hitl channel. One open task per alert group: a new notification for a group
 * whose task is still open or claimed adds a comment instead of a second task (no duplicate pages for people
 * either). Bounded: past {@code capacity} the oldest done task is forgotten; if none is done, the oldest task.
 * Thread-safe.
 *
 * <p>Durable when opened with {@link #open}: every change is appended to a {@link Journal} (fsync) before the
 * call returns and before the change is visible, so tasks, their states, comments and escalation marks survive
 * kill -9. Records: {@code task} (the whole task, on open and on each state change), {@code comment} (one comment
 * added: comments are the part that grows, so they are not rewritten each time) and {@code forget} (evicted).
 * Past {@code compactBytes} the journal is rewritten with one {@code task} record per task held.
 */
public final class TaskQueue implements AutoCloseable {

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
    public TaskQueue(int capacity, LongSupplier clock) {
        this(capacity, clock, null, Long.MAX_VALUE);
    }

    private TaskQueue(int capacity, LongSupplier clock, Journal journal, long compactBytes) {
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
    public static TaskQueue open(Path file, int capacity, long compactBytes, LongSupplier clock) {
        List<byte[]> records = new ArrayList<>();
        Journal journal = Journal.open(file, records);
        TaskQueue queue = new TaskQueue(capacity, clock, journal, compactBytes);
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
                    tasks.put(t.id(), with(t, t.state(), t.claimedBy(), t.claimedAtMs(), t.closedBy(),
                            t.closedAtMs(), t.resolution(), t.escalated(),
                            JSON.convertValue(node.get("c"), Task.Comment.class)));
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

    /** Opens a task for the group, or comments on its task if one is not done yet. Returns the task. */
    public synchronized Task open(String title, String details, String severity, String groupKey) {
        long now = clock.getAsLong();
        for (Task t : tasks.values()) {
            if (t.groupKey().equals(groupKey) && t.state() != Task.State.DONE) {
                return addComment(t, new Task.Comment("alert-service", title + "\n" + details, now));
            }
        }
        Task t = new Task("task-" + now + "-" + sequence.incrementAndGet(), title, details, severity, groupKey,
                Task.State.OPEN, now, null, 0, null, 0, null, false, List.of());
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

    public synchronized List<Task> list(Task.State state) {
        List<Task> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (state == null || t.state() == state) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong(Task::createdAtMs).reversed().thenComparing(Task::id,
                Comparator.reverseOrder()));
        return out;
    }

    public synchronized Optional<Task> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** A task by id; NoSuchElementException for an unknown id. */
    public synchronized Task task(String id) {
        return require(id);
    }

    /** open → claimed. Claiming a claimed or done task is refused (IllegalStateException). */
    public synchronized Task claim(String id, String by) {
        Task t = require(id);
        if (t.state() != Task.State.OPEN) {
            throw new IllegalStateException("task " + id + " is " + t.state().name().toLowerCase()
                    + (t.claimedBy() == null ? "" : " (claimed by " + t.claimedBy() + ")") + ": only open tasks can be claimed");
        }
        return change(with(t, Task.State.CLAIMED, who(by), clock.getAsLong(), null, 0, null, t.escalated(), null));
    }

    public synchronized Task comment(String id, String by, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a comment needs text");
        }
        return addComment(require(id), new Task.Comment(who(by), text, clock.getAsLong()));
    }

    /** open or claimed → done. Closing a done task is refused. */
    public synchronized Task close(String id, String by, String resolution) {
        Task t = require(id);
        if (t.state() == Task.State.DONE) {
            throw new IllegalStateException("task " + id + " is already done");
        }
        return change(with(t, Task.State.DONE, t.claimedBy(), t.claimedAtMs(), who(by), clock.getAsLong(),
                resolution == null ? "" : resolution, t.escalated(), null));
    }

    /**
     * Open tasks nobody claimed within {@code unclaimedMs} and not yet escalated. Nothing is marked: the caller
     * first queues the escalation durably, then calls {@link #markEscalated}, so a crash in between escalates
     * again (at-least-once) instead of never.
     */
    public synchronized List<Task> escalationDue(long unclaimedMs) {
        long now = clock.getAsLong();
        List<Task> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (t.state() == Task.State.OPEN && !t.escalated() && now - t.createdAtMs() >= unclaimedMs) {
                out.add(t);
            }
        }
        return out;
    }

    /** Marks a task escalated (with a comment saying so); empty if it is gone or no longer open. */
    public synchronized Optional<Task> markEscalated(String id, long unclaimedMs) {
        Task t = tasks.get(id);
        if (t == null || t.state() != Task.State.OPEN || t.escalated()) {
            return Optional.empty();
        }
        return Optional.of(change(with(t, t.state(), null, 0, null, 0, null, true, new Task.Comment("alert-service",
                "unclaimed for " + unclaimedMs / 1000 + " s: escalated", clock.getAsLong()))));
    }

    private Task require(String id) {
        Task t = tasks.get(id);
        if (t == null) {
            throw new java.util.NoSuchElementException("no task with id '" + id + "'");
        }
        return t;
    }

    private static String who(String by) {
        return by == null || by.isBlank() ? "unknown" : by;
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
        Task updated = with(t, t.state(), t.claimedBy(), t.claimedAtMs(), t.closedBy(), t.closedAtMs(),
                t.resolution(), t.escalated(), c);
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

    private static Task with(Task t, Task.State state, String claimedBy, long claimedAt, String closedBy,
            long closedAt, String resolution, boolean escalated, Task.Comment comment) {
        List<Task.Comment> comments = new ArrayList<>(t.comments());
        if (comment != null) {
            comments.add(comment);
        }
        return new Task(t.id(), t.title(), t.details(), t.severity(), t.groupKey(), state, t.createdAtMs(),
                claimedBy, claimedAt, closedBy, closedAt, resolution, escalated, comments);
    }
}
