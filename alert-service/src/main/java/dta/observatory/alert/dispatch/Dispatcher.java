package dta.observatory.alert.dispatch;

import dta.observatory.alert.alerts.AlertRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers each alert to its channels in the background, retrying failures with exponential backoff. The number
 * of pending deliveries is bounded; past the bound a notification is dropped and counted, never queued without
 * limit. The log channel receives every alert, whatever the rule names.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final Map<String, Channel> channels;
    private final List<String> defaultChannels;
    private final RetryPolicy retry;
    private final ScheduledExecutorService executor;
    private final int maxPending;
    private final DispatchMetrics metrics;
    private final AtomicInteger pending = new AtomicInteger();

    public Dispatcher(Map<String, Channel> channels, List<String> defaultChannels, RetryPolicy retry,
            ScheduledExecutorService executor, int maxPending, DispatchMetrics metrics) {
        this.channels = Map.copyOf(channels);
        this.defaultChannels = List.copyOf(defaultChannels);
        this.retry = retry;
        this.executor = executor;
        this.maxPending = maxPending;
        this.metrics = metrics;
    }

    /** Queues the alert for each of its channels (or the default ones), plus the log. */
    public void dispatch(AlertRecord alert) {
        Set<String> targets = new LinkedHashSet<>(alert.event().channels().isEmpty() ? defaultChannels
                : alert.event().channels());
        targets.add(LogChannel.NAME);
        for (String name : targets) {
            Channel channel = channels.get(name);
            if (channel == null) {
                LOG.warning(() -> "alert " + alert.id() + " names channel '" + name + "', which is not configured");
                metrics.failed(name);
                continue;
            }
            if (pending.incrementAndGet() > maxPending) {
                pending.decrementAndGet();
                metrics.dropped();
                LOG.warning(() -> "delivery queue full (" + maxPending + "): dropped " + alert.id() + " for " + name);
                continue;
            }
            executor.execute(() -> attempt(channel, Notification.of(name, alert), 1));
        }
    }

    /** Stops delivering; waits a few seconds for deliveries under way. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int pending() {
        return pending.get();
    }

    private void attempt(Channel channel, Notification notification, int attempt) {
        try {
            channel.deliver(notification);
            metrics.sent(channel.name());
            pending.decrementAndGet();
        } catch (DeliveryException | RuntimeException e) {
            if (attempt >= retry.maxAttempts()) {
                metrics.failed(channel.name());
                pending.decrementAndGet();
                LOG.log(Level.WARNING, "gave up delivering {0} to {1} after {2} attempts: {3}",
                        new Object[] {notification.alert().id(), channel.name(), attempt, e.getMessage()});
                return;
            }
            metrics.retried(channel.name());
            long waitMs = retry.backoffAfter(attempt).toMillis();
            executor.schedule(() -> attempt(channel, notification, attempt + 1), waitMs, TimeUnit.MILLISECONDS);
        }
    }
}
