package dta.observatory.alert.hitl;

import java.util.List;

/**
 * A human-in-the-loop task: someone must look at an alert group. State goes open → claimed → done (or open →
 * done); the comments are the trail of what people did.
 */
public record Task(String id, String title, String details, String severity, String groupKey, State state,
        long createdAtMs, String claimedBy, long claimedAtMs, String closedBy, long closedAtMs, String resolution,
        boolean escalated, List<Comment> comments) {

    /** Where a task is in its life. */
    public enum State { OPEN, CLAIMED, DONE }

    /** A note left on a task. */
    public record Comment(String by, String text, long atMs) {
    }

    public Task {
        comments = List.copyOf(comments);
    }
}
