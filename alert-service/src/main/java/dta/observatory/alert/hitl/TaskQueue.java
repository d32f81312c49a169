package dta.observatory.alert.hitl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The built-in task queue behind the hitl channel. One open task per alert group: a new notification for a group
 * whose task is still open or claimed adds a comment instead of a second task (no duplicate pages for people
 * either). Bounded: past {@code capacity} the oldest done task is forgotten; if none is done, the oldest task.
 * Thread-safe.
 */
public final class TaskQueue {

    private final int capacity;
    private final LongSupplier clock;
    private final AtomicLong sequence = new AtomicLong();
    private final LinkedHashMap<String, Task> tasks = new LinkedHashMap<>();

    public TaskQueue(int capacity, LongSupplier clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Opens a task for the group, or comments on its task if one is not done yet. Returns the task. */
    public synchronized Task open(String title, String details, String severity, String groupKey) {
        long now = clock.getAsLong();
        for (Task t : tasks.values()) {
            if (t.groupKey().equals(groupKey) && t.state() != Task.State.DONE) {
                return put(with(t, t.state(), t.claimedBy(), t.claimedAtMs(), null, 0, null, t.escalated(),
                        new Task.Comment("alert-service", title + "\n" + details, now)));
            }
        }
        Task t = new Task("task-" + now + "-" + sequence.incrementAndGet(), title, details, severity, groupKey,
                Task.State.OPEN, now, null, 0, null, 0, null, false, List.of());
        put(t);
        if (tasks.size() > capacity) {
            String victim = tasks.values().stream().filter(x -> x.state() == Task.State.DONE).findFirst()
                    .map(Task::id).orElse(tasks.keySet().iterator().next());
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
        out.sort(Comparator.comparingLong(Task::createdAtMs).reversed());
        return out;
    }

    public synchronized Optional<Task> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** open → claimed. Claiming a claimed or done task is refused (IllegalStateException). */
    public synchronized Task claim(String id, String by) {
        Task t = require(id);
        if (t.state() != Task.State.OPEN) {
            throw new IllegalStateException("task " + id + " is " + t.state().name().toLowerCase()
                    + (t.claimedBy() == null ? "" : " (claimed by " + t.claimedBy() + ")") + ": only open tasks can be claimed");
        }
        return put(with(t, Task.State.CLAIMED, who(by), clock.getAsLong(), null, 0, null, t.escalated(), null));
    }

    public synchronized Task comment(String id, String by, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a comment needs text");
        }
        Task t = require(id);
        return put(with(t, t.state(), t.claimedBy(), t.claimedAtMs(), t.closedBy(), t.closedAtMs(), t.resolution(),
                t.escalated(), new Task.Comment(who(by), text, clock.getAsLong())));
    }

    /** open or claimed → done. Closing a done task is refused. */
    public synchronized Task close(String id, String by, String resolution) {
        Task t = require(id);
        if (t.state() == Task.State.DONE) {
            throw new IllegalStateException("task " + id + " is already done");
        }
        return put(with(t, Task.State.DONE, t.claimedBy(), t.claimedAtMs(), who(by), clock.getAsLong(),
                resolution == null ? "" : resolution, t.escalated(), null));
    }

    /** Open tasks nobody claimed within {@code unclaimedMs}, not yet escalated; they are marked escalated. */
    public synchronized List<Task> escalate(long unclaimedMs) {
        long now = clock.getAsLong();
        List<Task> out = new ArrayList<>();
        for (Task t : List.copyOf(tasks.values())) {
            if (t.state() == Task.State.OPEN && !t.escalated() && now - t.createdAtMs() >= unclaimedMs) {
                out.add(put(with(t, t.state(), null, 0, null, 0, null, true,
                        new Task.Comment("alert-service", "unclaimed for " + unclaimedMs / 1000 + " s: escalated", now))));
            }
        }
        return out;
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

    private Task put(Task t) {
        tasks.put(t.id(), t);
        return t;
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
