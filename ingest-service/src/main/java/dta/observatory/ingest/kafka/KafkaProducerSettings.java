package dta.observatory.ingest.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer settings cluster mode needs, in one place: every record acknowledged by all in-sync replicas before
 * ingest acknowledges its client; idempotence, so a producer retry never writes a record twice; lz4 (pure Java
 * fallback, native-friendly); a bounded buffer and bounded waits, so a slow or absent Kafka costs neither unbounded
 * memory nor unbounded latency.
 *
 * @param bootstrapServers host:port list
 * @param bufferBytes the producer's buffer; when full, {@code send} waits at most part of {@code maxWait}
 * @param maxWait how long a batch may wait for metadata, buffer space and acknowledgement in total
 */
public record KafkaProducerSettings(String bootstrapServers, long bufferBytes, Duration maxWait) {

    public Properties toProperties() {
        long waitMs = Math.max(maxWait.toMillis(), 1_000);
        long lingerMs = 5;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(lingerMs));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferBytes));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(waitMs / 2));
        // delivery.timeout.ms must be >= linger.ms + request.timeout.ms
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(waitMs / 2 - lingerMs));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(waitMs / 2));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
