package dta.observatory.alert.hitl;

import java.util.List;
import java.util.Optional;

/**
 * The human review queue behind the hitl channel. One task per alert group while it is not done: a new
 * notification for a group whose task is open or claimed becomes a comment on it (no duplicate pages for people).
 * The rules of a task's life (who may claim, close, escalate) are in {@link TaskChanges}, shared by the two
 * implementations: {@link JournalTaskQueue} (one replica, its own journal) and the PostgreSQL one of cluster mode,
 * where every replica sees and changes the same tasks.
 *
 * <p>Refusals: {@link java.util.NoSuchElementException} for an unknown id, {@link IllegalStateException} for a
 * change the task's state does not allow, {@link IllegalArgumentException} for bad input;
 * {@link java.io.UncheckedIOException} when the change could not be made durable (nothing changed).
 */
public interface TaskQueue extends AutoCloseable {

    /** Opens a task for the group, or comments on its task if one is not done yet. Returns the task. */
    Task open(String title, String details, String severity, String groupKey);

    /** Tasks newest first; {@code state} null for all. */
    List<Task> list(Task.State state);

    Optional<Task> get(String id);

    /** A task by id; NoSuchElementException for an unknown id. */
    default Task task(String id) {
        return get(id).orElseThrow(() -> TaskChanges.unknown(id));
    }

    /** open → claimed. Claiming a claimed or done task is refused (IllegalStateException). */
    Task claim(String id, String by);

    Task comment(String id, String by, String text);

    /** open or claimed → done. Closing a done task is refused. */
    Task close(String id, String by, String resolution);

    /**
     * Open tasks nobody claimed within {@code unclaimedMs} and not yet escalated. Nothing is marked: the caller
     * first queues the escalation durably, then calls {@link #markEscalated}, so a crash in between escalates
     * again (at-least-once, same idempotency key) instead of never.
     */
    List<Task> escalationDue(long unclaimedMs);

    /** Marks a task escalated (with a comment saying so); empty if it is gone, no longer open or already marked. */
    Optional<Task> markEscalated(String id, long unclaimedMs);

    @Override
    void close();
}
