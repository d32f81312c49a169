package dta.observatory.alert.dispatch;

import dta.observatory.alert.alerts.AlertRecord;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps still-firing alerts alive in Alertmanager. Its API expects clients to send firing alerts again and again
 * (Prometheus re-sends on every evaluation); an alert not refreshed before its {@code endsAt} (or, without one,
 * within Alertmanager's {@code resolve_timeout}) is resolved there although it still fires here. Each
 * {@link #resend()} (scheduled every resend interval) posts every alert that {@code firing} supplies (the firing,
 * unresolved alerts already notified to the alertmanager channel, acknowledged ones included) with
 * {@code endsAt} = now + 3 × interval. Once an alert resolves it is no longer supplied; its resolved
 * notification carries {@code endsAt} = now. A failed re-send is not retried: the next one comes an interval
 * later, well before endsAt. The state comes from the grouper, which the journal rebuilds, so re-sending
 * resumes after a restart. Thread-safe.
 */
public final class AlertmanagerResender {

    private static final Logger LOG = Logger.getLogger(AlertmanagerResender.class.getName());

    private final AlertmanagerChannel channel;
    private final Supplier<List<AlertRecord>> firing;
    private final LongSupplier clock;
    private long resent;
    private long failures;
    private long lastSuccessAtMs;
    private String lastError;

    public AlertmanagerResender(AlertmanagerChannel channel, Supplier<List<AlertRecord>> firing, LongSupplier clock) {
        this.channel = channel;
        this.firing = firing;
        this.clock = clock;
    }

    /** Re-posts the firing alerts; returns how many (0 when none or when the post failed). Never throws. */
    public int resend() {
        try {
            int n = channel.resend(firing);
            synchronized (this) {
                resent += n;
                lastSuccessAtMs = clock.getAsLong();
            }
            return n;
        } catch (DeliveryException | RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            synchronized (this) {
                failures++;
                lastError = error;
            }
            LOG.warning(() -> "re-sending firing alerts to alertmanager failed (next try in "
                    + channel.resendInterval().toSeconds() + " s): " + error);
            return 0;
        }
    }

    /** Alerts re-posted so far. */
    public synchronized long resent() {
        return resent;
    }

    /** Re-sends that failed. */
    public synchronized long failures() {
        return failures;
    }

    public synchronized long lastSuccessAtMs() {
        return lastSuccessAtMs;
    }

    public synchronized String lastError() {
        return lastError;
    }
}
