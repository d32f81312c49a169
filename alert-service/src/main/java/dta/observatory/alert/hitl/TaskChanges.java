package dta.observatory.alert.hitl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The life of a task as pure functions: each takes a task and returns the changed one, or refuses. Both queues
 * apply these, so a task is claimed, closed and escalated by the same rules (and refused with the same messages)
 * whether it lives in one replica's journal or in PostgreSQL.
 */
public final class TaskChanges {

    /** Who writes the comments the service adds itself (a new notification for the group, an escalation). */
    static final String SERVICE = "alert-service";

    /** The order of {@link TaskQueue#list}: newest first, ties by id. */
    public static final Comparator<Task> NEWEST_FIRST = Comparator.comparingLong(Task::createdAtMs).reversed()
            .thenComparing(Task::id, Comparator.reverseOrder());

    private TaskChanges() {
    }

    public static Task opened(String id, String title, String details, String severity, String groupKey, long now) {
        return new Task(id, title, details, severity, groupKey, Task.State.OPEN, now, null, 0, null, 0, null, false,
                List.of());
    }

    /** The comment a further notification for a group leaves on the group's task. */
    public static Task.Comment notifiedAgain(String title, String details, long now) {
        return new Task.Comment(SERVICE, title + "\n" + details, now);
    }

    public static Task claimed(Task t, String by, long now) {
        if (t.state() != Task.State.OPEN) {
            throw new IllegalStateException("task " + t.id() + " is " + t.state().name().toLowerCase()
                    + (t.claimedBy() == null ? "" : " (claimed by " + t.claimedBy() + ")")
                    + ": only open tasks can be claimed");
        }
        return with(t, Task.State.CLAIMED, who(by), now, null, 0, null, t.escalated(), null);
    }

    /** A person's comment; refused without text. */
    public static Task.Comment comment(String by, String text, long now) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a comment needs text");
        }
        return new Task.Comment(who(by), text, now);
    }

    public static Task withComment(Task t, Task.Comment c) {
        return with(t, t.state(), t.claimedBy(), t.claimedAtMs(), t.closedBy(), t.closedAtMs(), t.resolution(),
                t.escalated(), c);
    }

    public static Task closed(Task t, String by, String resolution, long now) {
        if (t.state() == Task.State.DONE) {
            throw new IllegalStateException("task " + t.id() + " is already done");
        }
        return with(t, Task.State.DONE, t.claimedBy(), t.claimedAtMs(), who(by), now,
                resolution == null ? "" : resolution, t.escalated(), null);
    }

    public static boolean escalationDue(Task t, long unclaimedMs, long now) {
        return t.state() == Task.State.OPEN && !t.escalated() && now - t.createdAtMs() >= unclaimedMs;
    }

    /** The task marked escalated, with a comment saying so; empty if it is not open or already marked. */
    public static Optional<Task> escalated(Task t, long unclaimedMs, long now) {
        if (t.state() != Task.State.OPEN || t.escalated()) {
            return Optional.empty();
        }
        return Optional.of(with(t, t.state(), null, 0, null, 0, null, true,
                new Task.Comment(SERVICE, "unclaimed for " + unclaimedMs / 1000 + " s: escalated", now)));
    }

    public static NoSuchElementException unknown(String id) {
        return new NoSuchElementException("no task with id '" + id + "'");
    }

    private static String who(String by) {
        return by == null || by.isBlank() ? "unknown" : by;
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
