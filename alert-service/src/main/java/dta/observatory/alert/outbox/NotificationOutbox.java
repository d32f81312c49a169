package dta.observatory.alert.outbox;

import dta.observatory.alert.dispatch.Notification;
import java.util.List;
import java.util.Map;

/**
 * The queue of notifications to deliver, whatever keeps it: the embedded journal ({@link Outbox}, one replica) or
 * PostgreSQL ({@code dta.observatory.alert.cluster.PgOutbox}, shared by replicas). The idempotency key is the id.
 * {@link #takeDue} claims: what it returns is under way for this caller until {@link #delivered}, {@link #failed}
 * or {@link #giveUp} settles it (in PostgreSQL the claim is a lease, so a dead replica's claims pass to another).
 */
public interface NotificationOutbox {

    /** A notification waiting for its next attempt (or under way). */
    record Pending(Notification notification, int attempts, long dueAtMs, String lastError) {
    }

    /** A notification given up after every attempt. */
    record DeadLetter(Notification notification, int attempts, String error, long atMs) {
    }

    /** Queues notifications durably, due now; one already queued (same key) is not queued twice. Returns refused. */
    int enqueue(List<Notification> notifications, long nowMs);

    /** Claims up to {@code max} notifications due at {@code nowMs}, longest due first. */
    List<Pending> takeDue(long nowMs, int max);

    /** The notification arrived: never claimed again. */
    void delivered(String id);

    /** An attempt failed: due again after the backoff, or the dead letter when it was the last attempt. */
    DeadLetter failed(String id, String error, long nowMs);

    /** Gives up at once (retrying cannot help). Null if not pending. */
    DeadLetter giveUp(String id, String error, long nowMs);

    /** Queues a dead letter again with a fresh attempt count; false if there is no such dead letter. */
    boolean redrive(String id, long nowMs);

    /** Notifications not yet delivered nor dead. */
    int depth();

    /** Age of the oldest notification not yet delivered, 0 when none. */
    long oldestPendingAgeMs(long nowMs);

    List<Pending> pending();

    Map<String, Integer> pendingByChannel();

    List<DeadLetter> deadLetters();

    /** Notifications refused because the queue was full. */
    long dropped();
}
