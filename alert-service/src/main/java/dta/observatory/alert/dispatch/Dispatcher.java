package dta.observatory.alert.dispatch;

import dta.observatory.alert.outbox.NotificationOutbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers what the outbox holds. {@link #pump()} (called on a short tick, after each enqueue and after each
 * attempt) takes the notifications that are due, longest due first, at most one per free delivery thread, and
 * hands each to its channel; the outbox
 * journals the outcome (done, retry later with backoff and jitter, or dead letter). A notification naming a
 * channel that is not configured becomes a dead letter at once: retrying cannot help.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final Map<String, Channel> channels;
    private final NotificationOutbox outbox;
    private final ExecutorService executor;
    private final Semaphore free;
    private final DispatchMetrics metrics;
    private final LongSupplier clock;
    private final Map<String, ChannelStatus> status = new ConcurrentHashMap<>();

    public Dispatcher(Map<String, Channel> channels, NotificationOutbox outbox, ExecutorService executor, int threads,
            DispatchMetrics metrics, LongSupplier clock) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.channels = Map.copyOf(channels);
        this.outbox = outbox;
        this.executor = executor;
        this.free = new Semaphore(threads);
        this.metrics = metrics;
        this.clock = clock;
        channels.keySet().forEach(name -> status.put(name, new ChannelStatus(name, 0, 0, null, 0, 0, 0)));
    }

    /** Queues notifications durably and starts delivering them. Returns how many the full queue refused. */
    public int send(List<Notification> notifications) {
        int refused = outbox.enqueue(notifications, clock.getAsLong());
        for (int i = 0; i < refused; i++) {
            metrics.dropped();
        }
        if (refused > 0) {
            LOG.warning(() -> "outbox full: refused " + refused + " notifications");
        }
        pump();
        return refused;
    }

    /** Starts the due deliveries there are free threads for. */
    public void pump() {
        int permits = free.drainPermits();
        List<NotificationOutbox.Pending> due = permits == 0 ? List.of() : outbox.takeDue(clock.getAsLong(), permits);
        free.release(permits - due.size());
        for (NotificationOutbox.Pending p : due) {
            try {
                executor.execute(() -> {
                    try {
                        attempt(p);
                    } finally {
                        free.release();
                    }
                    pump(); // a thread is free: start the next due one now, not at the next tick
                });
            } catch (RuntimeException rejected) { // shutting down: it stays in the journal for the next start
                free.release();
            }
        }
    }

    private void attempt(NotificationOutbox.Pending p) {
        Notification n = p.notification();
        Channel channel = channels.get(n.channel());
        String id = n.idempotencyKey();
        try {
            if (channel == null) {
                throw new DeliveryException("channel '" + n.channel() + "' is not configured");
            }
            channel.deliver(n);
            outbox.delivered(id);
            metrics.sent(n.channel());
            status.computeIfPresent(n.channel(), (k, s) -> s.success(clock.getAsLong()));
        } catch (DeliveryException | RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            NotificationOutbox.DeadLetter dead = channel == null ? outbox.giveUp(id, error, clock.getAsLong()) : outbox.failed(id, error, clock.getAsLong());
            boolean gaveUp = dead != null;
            status.compute(n.channel(), (k, s) -> (s == null ? new ChannelStatus(k, 0, 0, null, 0, 0, 0) : s)
                    .error(clock.getAsLong(), error, gaveUp));
            if (gaveUp) {
                metrics.failed(n.channel());
                metrics.deadLettered(n.channel());
                LOG.log(Level.WARNING, "gave up delivering {0} to {1} after {2} attempts: {3}",
                        new Object[] {id, n.channel(), dead.attempts(), error});
            } else {
                metrics.retried(n.channel());
            }
        }
    }

    public List<ChannelStatus> status() {
        List<ChannelStatus> out = new ArrayList<>(status.values());
        out.sort(java.util.Comparator.comparing(ChannelStatus::channel));
        return out;
    }

    /** Every channel's status with what waits for it; a channel only named by pending notifications is listed. */
    public ChannelReport report() {
        long now = clock.getAsLong();
        Map<String, Integer> pendingByChannel = outbox.pendingByChannel();
        List<ChannelStatus> channels = new ArrayList<>(status());
        pendingByChannel.keySet().stream().filter(c -> !status.containsKey(c))
                .forEach(c -> channels.add(new ChannelStatus(c, 0, 0, null, 0, 0, 0)));
        channels.sort(java.util.Comparator.comparing(ChannelStatus::channel));
        return new ChannelReport(channels, pendingByChannel, outbox.depth(), outbox.oldestPendingAgeMs(now));
    }

    /** Queues a dead letter again (fresh attempt count) and starts delivering it. */
    public void redrive(String id) {
        if (!outbox.redrive(id, clock.getAsLong())) {
            throw new java.util.NoSuchElementException("no dead letter with id '" + id + "'");
        }
        pump();
    }

    public boolean configured(String channel) {
        return channels.containsKey(channel);
    }

    public int pending() {
        return outbox.depth();
    }

    /** Stops delivering; waits a few seconds for deliveries under way. What is left stays in the journal. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
