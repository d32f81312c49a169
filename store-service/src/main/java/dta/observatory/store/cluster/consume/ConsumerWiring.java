package dta.observatory.store.cluster.consume;

import dta.observatory.store.cluster.ClusterMode;
import dta.observatory.store.cluster.ClusterTopology;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.Storage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * In cluster mode, starts the {@link PartitionConsumer} of this instance's shard at boot (after the storage, which
 * it needs open) and stops it on shutdown before the storage closes. In single mode it does nothing. Thin glue:
 * settings, metrics, lifecycle.
 */
@ApplicationScoped
@Startup
public class ConsumerWiring {

    private static final Logger LOG = Logger.getLogger(ConsumerWiring.class);

    private final PartitionConsumer consumer;

    ConsumerWiring(ClusterMode mode, Storage storage, MeterRegistry registry,
            @ConfigProperty(name = "dta.store.kafka.bootstrap-servers") String bootstrapServers,
            @ConfigProperty(name = "dta.store.kafka.topic") String topic,
            @ConfigProperty(name = "dta.store.kafka.partitions") int partitions,
            @ConfigProperty(name = "dta.store.kafka.poll-max-records", defaultValue = "5000") int pollMaxRecords,
            @ConfigProperty(name = "dta.store.kafka.fetch-min-bytes", defaultValue = "262144") int fetchMinBytes,
            @ConfigProperty(name = "dta.store.kafka.fetch-max-wait", defaultValue = "100ms") Duration fetchMaxWait,
            @ConfigProperty(name = "dta.store.kafka.timeout", defaultValue = "5s") Duration timeout,
            @ConfigProperty(name = "dta.store.kafka.retry-pause", defaultValue = "2s") Duration retryPause) {
        if (!mode.clustered()) {
            consumer = null;
            return;
        }
        if (!(storage instanceof TsdbStorage tsdb)) {
            throw new IllegalStateException("cluster mode needs dta.store.engine=tsdb: the Kafka positions are kept "
                    + "in its WAL, with the samples");
        }
        ClusterTopology topology = mode.topology();
        ConsumerSettings settings = new ConsumerSettings(bootstrapServers, topic, partitions,
                topology.ownedPartitions(), "store-" + topology.ordinal(), pollMaxRecords, fetchMinBytes,
                fetchMaxWait, timeout, retryPause);
        checkTopicAtBoot(settings);
        consumer = new PartitionConsumer(settings, PositionedSink.of(tsdb));
        registerMetrics(registry, consumer, topology.shard());
        consumer.start();
    }

    /**
     * A topic with another partition count stops the boot: the instance would consume the wrong series. Kafka not
     * answering does not (the consumer checks again before it consumes, and keeps trying).
     */
    private static void checkTopicAtBoot(ConsumerSettings settings) {
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(settings.toProperties())) {
            PartitionConsumer.checkTopic(probe, settings);
        } catch (PartitionConsumer.WrongPartitionCount e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("cannot check topic %s on %s now (%s); the consumer checks it before it starts and keeps "
                    + "trying", settings.topic(), settings.bootstrapServers(), e.getMessage());
        }
    }

    private static void registerMetrics(MeterRegistry registry, PartitionConsumer c, int shard) {
        FunctionCounter.builder("dta_store_kafka_records_consumed", c, PartitionConsumer::recordsConsumed)
                .description("Kafka records consumed and stored (with their positions)").register(registry);
        FunctionCounter.builder("dta_store_kafka_samples_appended", c, PartitionConsumer::samplesAppended)
                .description("Samples from Kafka stored").register(registry);
        FunctionCounter.builder("dta_store_kafka_samples_rejected", c, PartitionConsumer::samplesRejected)
                .description("Samples from Kafka the engine rejected (out of order, out of bounds)").register(registry);
        FunctionCounter.builder("dta_store_kafka_records_undecodable", c, PartitionConsumer::undecodableRecords)
                .description("Kafka records skipped: not a valid dta.v1.AppendRequest").register(registry);
        FunctionCounter.builder("dta_store_kafka_storage_failures", c, PartitionConsumer::sinkFailures)
                .description("Polls whose append failed (consumed again from the durable positions)")
                .register(registry);
        Gauge.builder("dta_store_kafka_lag", c, PartitionConsumer::lag).tag("shard", Integer.toString(shard))
                .description("Records behind the end offsets, summed over this shard's partitions (-1: unknown)")
                .register(registry);
        Gauge.builder("dta_store_kafka_caught_up", c, x -> x.caughtUp() ? 1 : 0)
                .description("1 once caught up with the end offsets seen at start").register(registry);
        Gauge.builder("dta_store_kafka_reachable", c, x -> x.reachable() ? 1 : 0)
                .description("0 while Kafka does not answer").register(registry);
        for (int p : c.ownedPartitions()) {
            Gauge.builder("dta_store_kafka_position", c, x -> x.durablePositions().getOrDefault(p, 0L))
                    .tag("partition", Integer.toString(p))
                    .description("Next offset to read, as durable in the WAL with the samples before it")
                    .register(registry);
        }
    }

    /** The consumer in cluster mode; empty in single mode. */
    public Optional<PartitionConsumer> consumer() {
        return Optional.ofNullable(consumer);
    }

    /** Before the beans are destroyed, so before the storage closes. */
    void shutdown(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
