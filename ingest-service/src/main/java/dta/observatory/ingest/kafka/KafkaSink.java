package dta.observatory.ingest.kafka;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.ingest.forward.StoreWriter;
import dta.observatory.support.SeriesId;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cluster mode's sink: each validated batch goes to the Kafka topic as one record per series, keyed by its
 * {@link SeriesId} and sent to partition {@code floorMod(id, partitions)}, the value a {@code dta.v1.AppendRequest}
 * holding that series' samples. The batch's Uni completes only when Kafka has acknowledged every record (the
 * producer runs with {@code acks=all} and idempotence, see {@link KafkaProducerSettings}); any failure fails it with
 * {@link KafkaUnavailableException}, so ingest acknowledges nothing Kafka may not have.
 *
 * <p>{@code send} can block up to {@code max.block.ms} (no metadata yet, or the bounded buffer full), so it runs on
 * {@code sender}, never on an event loop; together with {@code buffer.memory} that keeps both waiting and memory
 * bounded when Kafka is slow or down.
 */
public final class KafkaSink implements StoreWriter, AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private final Executor sender;

    public KafkaSink(Producer<byte[], byte[]> producer, String topic, int partitions, Executor sender) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
        this.sender = sender;
    }

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        Map<Long, AppendRequest.Builder> bySeries = new LinkedHashMap<>();
        for (Sample s : request.getSamplesList()) {
            bySeries.computeIfAbsent(SeriesId.of(s.getMetric(), s.getLabelsMap()), id -> AppendRequest.newBuilder())
                    .addSamples(s);
        }
        AppendResponse stored = AppendResponse.newBuilder().setAppended(request.getSamplesCount()).build();
        return Uni.createFrom().emitter(em -> sender.execute(() -> {
            AtomicInteger unacknowledged = new AtomicInteger(bySeries.size());
            AtomicBoolean failed = new AtomicBoolean();
            for (Map.Entry<Long, AppendRequest.Builder> series : bySeries.entrySet()) {
                long id = series.getKey();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                        SeriesId.partition(id, partitions), ByteBuffer.allocate(8).putLong(id).array(),
                        series.getValue().build().toByteArray());
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            if (failed.compareAndSet(false, true)) {
                                em.fail(unavailable(error));
                            }
                        } else if (unacknowledged.decrementAndGet() == 0 && !failed.get()) {
                            em.complete(stored);
                        }
                    });
                } catch (RuntimeException e) { // max.block.ms passed: no metadata, or the buffer stayed full
                    if (failed.compareAndSet(false, true)) {
                        em.fail(unavailable(e));
                    }
                    return;
                }
            }
        }));
    }

    private KafkaUnavailableException unavailable(Throwable e) {
        return new KafkaUnavailableException("Kafka did not take the batch (topic " + topic + "): " + e.getMessage(), e);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
