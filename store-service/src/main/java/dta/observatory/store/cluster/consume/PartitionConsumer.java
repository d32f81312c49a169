package dta.observatory.store.cluster.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import dta.observatory.api.v1.AppendRequest;
import dta.observatory.store.api.ProtoMapping;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.StoredSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Cluster mode's write path on the store side: one thread reads this instance's partitions of the samples topic
 * (static {@code assign}, no consumer group, no committed offsets) and appends each poll's samples to the sink
 * together with the positions they bring it to, in one durable step. A restart seeks to the positions the sink
 * made durable, so it resumes exactly where its durable data ends: nothing is skipped, nothing stored twice.
 *
 * <p>A record whose value is not a valid {@code dta.v1.AppendRequest} is counted, logged and skipped (its position
 * still advances: it would never decode). When the sink fails, nothing of that poll counts: the consumer is closed,
 * and after {@link ConsumerSettings#retryPause()} a new one seeks to the durable positions again. Kafka being
 * unreachable is retried forever ({@link #reachable()} turns false). Plain Java; the Quarkus glue is
 * {@link ConsumerWiring}.
 */
public final class PartitionConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PartitionConsumer.class);
    /** poll() returns earlier as soon as records arrive; this only bounds how long a poll waits for nothing. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** How often the end offsets are asked for (lag, catch-up target, reachability). */
    private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The topic exists with another partition count: consuming would read the wrong series. Not retried. */
    public static final class WrongPartitionCount extends IllegalStateException {
        WrongPartitionCount(String message) {
            super(message);
        }
    }

    /** The sink failed; the poll's records are not stored and are read again. */
    private static final class SinkFailure extends RuntimeException {
        SinkFailure(RuntimeException cause) {
            super(cause);
        }
    }

    private final ConsumerSettings settings;
    private final PositionedSink sink;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final List<TopicPartition> owned;
    private final Thread thread;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Consumer<byte[], byte[]> current;

    private final LongAdder records = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder sinkFailures = new LongAdder();
    /** End offsets seen first after start: the replica is caught up once its positions reach them. */
    private volatile Map<TopicPartition, Long> catchUpTarget;
    private volatile boolean caughtUp;
    private volatile boolean reachable = true;
    private volatile long lag = -1;
    private volatile String failure;

    public PartitionConsumer(ConsumerSettings settings, PositionedSink sink) {
        this(settings, sink, () -> new KafkaConsumer<>(settings.toProperties()));
    }

    PartitionConsumer(ConsumerSettings settings, PositionedSink sink, Supplier<Consumer<byte[], byte[]>> consumers) {
        this.settings = settings;
        this.sink = sink;
        this.consumers = consumers;
        this.owned = settings.ownedPartitions().stream().map(p -> new TopicPartition(settings.topic(), p)).toList();
        this.thread = new Thread(this::run, "kafka-consumer-" + settings.topic());
        this.thread.setDaemon(true);
    }

    /**
     * Checks with the given consumer that the topic has exactly {@link ConsumerSettings#partitions()} partitions.
     *
     * @throws WrongPartitionCount if it has another number
     * @throws IllegalStateException if the topic does not exist (yet)
     * @throws org.apache.kafka.common.errors.TimeoutException if Kafka does not answer within the timeout
     */
    public static void checkTopic(Consumer<byte[], byte[]> consumer, ConsumerSettings settings) {
        List<PartitionInfo> found = consumer.partitionsFor(settings.topic(), settings.kafkaTimeout());
        if (found == null || found.isEmpty()) {
            throw new IllegalStateException("topic " + settings.topic() + " does not exist on "
                    + settings.bootstrapServers() + " (ingest creates it, or a KafkaTopic in Kubernetes)");
        }
        if (found.size() != settings.partitions()) {
            throw new WrongPartitionCount("topic " + settings.topic() + " has " + found.size() + " partitions but "
                    + "dta.store.kafka.partitions is " + settings.partitions() + ": series would be read by the wrong "
                    + "shards; set the same count as dta.ingest.kafka.partitions and the topic's");
        }
    }

    public void start() {
        LOG.infof("consuming %s partitions %s from %s", settings.topic(), settings.ownedPartitions(),
                settings.bootstrapServers());
        thread.start();
    }

    private void run() {
        boolean topicChecked = false;
        while (!stopping) {
            try (Consumer<byte[], byte[]> c = consumers.get()) {
                current = c;
                if (stopping) {
                    break; // close() may have looked for a consumer to wake before this one existed
                }
                if (!topicChecked) {
                    checkTopic(c, settings);
                    topicChecked = true;
                }
                c.assign(owned);
                seekToDurablePositions(c);
                consume(c);
            } catch (WakeupException e) {
                // close(): stop
            } catch (WrongPartitionCount e) {
                failure = e.getMessage();
                LOG.errorf("not consuming: %s", e.getMessage());
                return;
            } catch (SinkFailure e) {
                sinkFailures.increment();
                LOG.errorf(e.getCause(), "storing consumed samples failed; nothing of that poll was stored: "
                        + "consuming again from the durable positions in %s", settings.retryPause());
                pause();
            } catch (KafkaException | IllegalStateException e) {
                reachable = false;
                LOG.warnf("Kafka (%s, topic %s) failed: %s; retrying in %s", settings.bootstrapServers(),
                        settings.topic(), e.toString(), settings.retryPause());
                pause();
            } catch (RuntimeException e) {
                LOG.errorf(e, "consumer failed; retrying in %s", settings.retryPause());
                pause();
            } finally {
                current = null;
            }
        }
    }

    private void seekToDurablePositions(Consumer<byte[], byte[]> c) {
        Map<Integer, Long> durable = sink.sourcePositions();
        for (TopicPartition tp : owned) {
            Long position = durable.get(tp.partition());
            if (position != null) {
                c.seek(tp, position);
            } else {
                c.seekToBeginning(List.of(tp));
            }
        }
        LOG.infof("resuming %s at %s (partition=next offset; absent: from the beginning)", settings.topic(),
                durable);
    }

    private void consume(Consumer<byte[], byte[]> c) {
        long nextProbe = System.nanoTime();
        while (!stopping) {
            if (System.nanoTime() - nextProbe >= 0) {
                probe(c);
                nextProbe = System.nanoTime() + PROBE_INTERVAL_NANOS;
            }
            ConsumerRecords<byte[], byte[]> polled = c.poll(POLL_TIMEOUT);
            if (!polled.isEmpty()) {
                store(polled);
                reachable = true;
                updateLag(c);
            }
            if (!caughtUp && catchUpTarget != null) {
                checkCaughtUp(c);
            }
        }
    }

    /** Asks for the end offsets: the catch-up target (once), the lag, and whether Kafka answers at all. */
    private void probe(Consumer<byte[], byte[]> c) {
        Map<TopicPartition, Long> end;
        try {
            end = c.endOffsets(owned, settings.kafkaTimeout());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            if (reachable) {
                LOG.warnf("Kafka (%s) does not answer within %s; still trying", settings.bootstrapServers(),
                        settings.kafkaTimeout());
            }
            reachable = false;
            return;
        }
        if (!reachable) {
            LOG.infof("Kafka (%s) answers again", settings.bootstrapServers());
        }
        reachable = true;
        if (catchUpTarget == null) {
            catchUpTarget = Map.copyOf(end);
            LOG.infof("catching up to the end offsets %s", end);
        }
        long sum = 0;
        for (TopicPartition tp : owned) {
            sum += Math.max(0, end.getOrDefault(tp, 0L) - c.position(tp, settings.kafkaTimeout()));
        }
        lag = sum;
    }

    /** The lag from the high watermarks of the last fetch (no request), when the consumer knows them all. */
    private void updateLag(Consumer<byte[], byte[]> c) {
        long sum = 0;
        for (TopicPartition tp : owned) {
            OptionalLong l = c.currentLag(tp);
            if (l.isEmpty()) {
                return;
            }
            sum += l.getAsLong();
        }
        lag = sum;
    }

    private void checkCaughtUp(Consumer<byte[], byte[]> c) {
        // the position is past the last record poll returned, and those records were just made durable
        for (TopicPartition tp : owned) {
            if (c.position(tp, settings.kafkaTimeout()) < catchUpTarget.getOrDefault(tp, 0L)) {
                return;
            }
        }
        caughtUp = true;
        LOG.infof("caught up with %s as of start (%s): ready", settings.topic(), catchUpTarget);
    }

    /** One poll, one durable append: the samples of every decodable record and every partition's next offset. */
    private void store(ConsumerRecords<byte[], byte[]> polled) {
        List<StoredSample> batch = new ArrayList<>(polled.count() * 2);
        Map<Integer, Long> positions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : polled) {
            positions.put(r.partition(), r.offset() + 1); // records of a partition come in offset order
            try {
                batch.addAll(decode(r));
            } catch (IllegalArgumentException e) {
                undecodable.increment();
                LOG.warnf("skipping undecodable record of %s partition %d offset %d: %s", r.topic(), r.partition(),
                        r.offset(), e.getMessage());
            }
        }
        AppendOutcome outcome;
        try {
            outcome = sink.append(batch, positions);
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
        records.add(polled.count());
        samples.add(outcome.appended());
        if (!outcome.rejections().isEmpty()) {
            rejected.add(outcome.rejections().size());
            LOG.warnf("%d of %d consumed samples rejected, e.g. %s", outcome.rejections().size(), batch.size(),
                    outcome.rejections().get(0).message());
        }
    }

    /**
     * The samples of one record, as ingest's KafkaSink wrote them. A sample without timestamp takes the record's
     * timestamp (set by the producer), not this instance's clock, so every replica stores the same value.
     *
     * @throws IllegalArgumentException if the value is not a valid AppendRequest
     */
    static List<StoredSample> decode(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            throw new IllegalArgumentException("no value");
        }
        AppendRequest request;
        try {
            request = AppendRequest.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a dta.v1.AppendRequest: " + e.getMessage(), e);
        }
        return ProtoMapping.samples(request.getSamplesList(), r.timestamp());
    }

    private void pause() {
        try {
            stopSignal.await(settings.retryPause().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /**
     * Stops consuming and waits for the thread: an append in progress finishes (the thread is never interrupted,
     * which would close the WAL's file channel), then the consumer is closed. Call before the sink closes.
     */
    @Override
    public void close() {
        stopping = true;
        stopSignal.countDown();
        Consumer<byte[], byte[]> c = current;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the Kafka consumer thread did not stop within 30 s");
        }
    }

    /** True once the positions reached the end offsets seen after start: the replica no longer answers stale. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** False while Kafka does not answer (the consumer keeps retrying). */
    public boolean reachable() {
        return reachable;
    }

    /** Records behind the end offsets over all owned partitions, as of the last fetch or probe; -1 before any. */
    public long lag() {
        return lag;
    }

    /** Why the consumer stopped for good (a wrong partition count), or null while it runs. */
    public String failure() {
        return failure;
    }

    public long recordsConsumed() {
        return records.sum();
    }

    public long samplesAppended() {
        return samples.sum();
    }

    public long samplesRejected() {
        return rejected.sum();
    }

    public long undecodableRecords() {
        return undecodable.sum();
    }

    public long sinkFailures() {
        return sinkFailures.sum();
    }

    public List<Integer> ownedPartitions() {
        return settings.ownedPartitions();
    }

    /** The positions the sink made durable (partition → next offset). */
    public Map<Integer, Long> durablePositions() {
        return sink.sourcePositions();
    }
}
