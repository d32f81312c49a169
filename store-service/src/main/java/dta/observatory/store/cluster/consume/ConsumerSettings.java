package dta.observatory.store.cluster.consume;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a {@link PartitionConsumer} reads and how.
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param topic the samples topic ingest writes
 * @param partitions the partition count routing assumes; the topic must have exactly this many
 * @param ownedPartitions the partitions this instance consumes (its shard's), assigned statically
 * @param clientId the Kafka client id (names this instance in the broker's logs and metrics)
 * @param pollMaxRecords records one poll returns at most; they are appended as one durable batch
 * @param fetchMinBytes the broker answers a fetch once it has this much (or after fetchMaxWait): bigger batches
 * @param fetchMaxWait how long the broker may hold a fetch to gather fetchMinBytes
 * @param kafkaTimeout how long a metadata or offsets request may take before Kafka counts as unreachable
 * @param retryPause the pause before consuming again after Kafka or the storage failed
 */
public record ConsumerSettings(String bootstrapServers, String topic, int partitions, List<Integer> ownedPartitions,
        String clientId, int pollMaxRecords, int fetchMinBytes, Duration fetchMaxWait, Duration kafkaTimeout,
        Duration retryPause) {

    public ConsumerSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("dta.store.kafka.bootstrap-servers must be set in cluster mode");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("dta.store.kafka.topic must be set in cluster mode");
        }
        if (ownedPartitions.isEmpty()) {
            throw new IllegalArgumentException("no partitions to consume");
        }
        for (int p : ownedPartitions) {
            if (p < 0 || p >= partitions) {
                throw new IllegalArgumentException("partition " + p + " is outside 0.." + (partitions - 1));
            }
        }
        if (pollMaxRecords < 1) {
            throw new IllegalArgumentException("dta.store.kafka.poll-max-records must be >= 1, got " + pollMaxRecords);
        }
        if (fetchMinBytes < 1) {
            throw new IllegalArgumentException("dta.store.kafka.fetch-min-bytes must be >= 1, got " + fetchMinBytes);
        }
        for (Duration d : List.of(fetchMaxWait, kafkaTimeout, retryPause)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Kafka durations must be positive, got " + d);
            }
        }
        ownedPartitions = List.copyOf(ownedPartitions);
    }

    /**
     * Consumer properties: no group and no committed offsets (the store's own WAL holds the positions, written with
     * the samples), big fetches so one poll makes one big durable append.
     */
    public Properties toProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // only when a recorded position is no longer in the log (retention deleted it): take what is left
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollMaxRecords);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchMinBytes);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMillis());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafkaTimeout.toMillis());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(kafkaTimeout.toMillis(),
                fetchMaxWait.toMillis() + 1000));
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000); // back quickly after a broker restart
        return p;
    }
}
