package dta.observatory.client;

import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.api.v1.WatcherServiceGrpc;
import dta.observatory.client.emit.BatchingEmitter;
import dta.observatory.client.rules.Rules;
import dta.observatory.client.watch.LocalWatch;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The seed's quick start in Java:
 *
 * <pre>{@code
 * try (Observatory obs = Observatory.connect("localhost:8081")) {
 *     obs.emit(new Metric("permit.pay.ok", 1));
 *     obs.watch("permit.pay.ok", 100, arr -> avg(arr) < 0.95, () -> System.out.println("Payment success <95%"));
 * }
 * }</pre>
 *
 * {@link #emit} queues and returns at once; a background thread sends batches to ingest, and {@link #close}
 * flushes them. {@link #watch} evaluates a lambda in this process over the last N values pulled from the store.
 * {@link #rules()} manages rules that the watcher service evaluates for everyone. Thread-safe.
 */
public final class Observatory implements AutoCloseable {

    private final ObservatoryOptions options;
    private final ManagedChannel ingestChannel;
    private final ManagedChannel storeChannel;
    private final ManagedChannel watcherChannel;
    private final BatchingEmitter emitter;
    private final ScheduledExecutorService watches;

    private Observatory(ObservatoryOptions options) {
        this.options = options;
        this.ingestChannel = channel(options.ingestAddress());
        this.storeChannel = channel(options.storeAddress());
        this.watcherChannel = channel(options.watcherAddress());
        this.emitter = new BatchingEmitter(IngestServiceGrpc.newBlockingStub(ingestChannel), options.bufferCapacity(),
                options.maxBatch(), options.linger(), options.callTimeout());
        this.watches = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dta-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects to the ingest service at {@code host:port}; see {@link ObservatoryOptions#forIngest}. */
    public static Observatory connect(String ingestAddress) {
        return connect(ObservatoryOptions.forIngest(ingestAddress));
    }

    public static Observatory connect(ObservatoryOptions options) {
        return new Observatory(options);
    }

    /**
     * Queues one value for sending; never blocks. Returns false when the bounded buffer is full (the value is
     * dropped and counted in {@link #droppedCount()}).
     */
    public boolean emit(Metric metric) {
        return emitter.offer(Sample.newBuilder().setMetric(metric.name()).setValue(metric.value())
                .setTimestampMs(metric.timestampMs()).putAllLabels(metric.labels()).build());
    }

    /** Waits until everything emitted so far is acknowledged by ingest (stored) or refused; false on timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        return emitter.flush(timeout);
    }

    /**
     * The seed's {@code watch}: every poll interval, read the last {@code window} values of {@code metric}; when the
     * window is full and {@code rule} holds, run {@code onFire}. Fires on every evaluation while the rule holds, as
     * the seed does; use a server-side rule ({@link #rules()}) for throttled, durable alerting.
     *
     * @return a handle; {@code cancel(false)} stops this watch
     */
    public ScheduledFuture<?> watch(String metric, int window, Predicate<double[]> rule, Runnable onFire) {
        LocalWatch watch = new LocalWatch(StoreServiceGrpc.newBlockingStub(storeChannel), metric, window, rule, onFire,
                options.callTimeout());
        long period = options.pollInterval().toMillis();
        return watches.scheduleWithFixedDelay(watch::evaluateOnce, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The seed's AutoWatcher: {@code obs.autoWatch(AutoWatcher.on("svc.latency_ms").sensitivity(2.5)
     * .onFire(v -> ...))}. Registers the AutoWatcher rule with the watcher service at once (failing with
     * {@link io.grpc.StatusRuntimeException} if it is refused), then polls it every poll interval.
     *
     * @return a handle; {@code cancel(false)} stops the polling (the rule stays with the service)
     */
    public ScheduledFuture<?> autoWatch(dta.observatory.client.rules.AutoWatcher watcher) {
        dta.observatory.client.rules.AutoWatcher.Poller poller = new dta.observatory.client.rules.AutoWatcher.Poller(
                WatcherServiceGrpc.newBlockingStub(watcherChannel), watcher, options.callTimeout());
        long period = options.pollInterval().toMillis();
        return watches.scheduleWithFixedDelay(poller, period, period, TimeUnit.MILLISECONDS);
    }

    /** Rules evaluated by the watcher service. */
    public Rules rules() {
        return new Rules(WatcherServiceGrpc.newBlockingStub(watcherChannel), options.callTimeout());
    }

    /** Values stored by ingest so far. */
    public long acceptedCount() {
        return emitter.accepted();
    }

    /** Values ingest refused as invalid. */
    public long rejectedCount() {
        return emitter.rejected();
    }

    /** Values dropped: buffer full, rate-limited by ingest, or unsent at close. */
    public long droppedCount() {
        return emitter.dropped();
    }

    /** Flushes pending values (up to 10 s), stops watches and closes connections. */
    @Override
    public void close() {
        emitter.close();
        watches.shutdownNow();
        ingestChannel.shutdownNow();
        storeChannel.shutdownNow();
        watcherChannel.shutdownNow();
    }

    private static ManagedChannel channel(String address) {
        return Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
    }
}
