package dta.observatory.ingest.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Builds the Kafka sink, only when {@code dta.ingest.sink=kafka} asks for it (the bean is looked up lazily). */
@ApplicationScoped
public class KafkaWiring {

    private static final Logger LOG = Logger.getLogger(KafkaWiring.class);

    @Produces
    @Singleton
    KafkaSink kafkaSink(@ConfigProperty(name = "dta.ingest.kafka.bootstrap-servers") String servers,
            @ConfigProperty(name = "dta.ingest.kafka.topic") String topic,
            @ConfigProperty(name = "dta.ingest.kafka.partitions") int partitions,
            @ConfigProperty(name = "dta.ingest.kafka.replication-factor") short replicationFactor,
            @ConfigProperty(name = "dta.ingest.kafka.buffer-bytes") long bufferBytes,
            @ConfigProperty(name = "dta.ingest.kafka.timeout") Duration timeout) {
        try {
            TopicSetup.ensure(servers, topic, partitions, replicationFactor, timeout);
        } catch (TopicSetup.WrongPartitionCount e) {
            throw e;
        } catch (IllegalStateException e) {
            // Kafka may come later; until then every batch answers 503 / RESOURCE_EXHAUSTED, and the readiness
            // probe (KafkaProbe) sets the topic up once Kafka answers
            LOG.warnf("Kafka topic not checked: %s", e.getMessage());
        }
        ExecutorService sender = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dta-kafka-send");
            t.setDaemon(true);
            return t;
        });
        LOG.infof("cluster mode: batches go to Kafka topic %s (%d partitions) on %s", topic, partitions, servers);
        return new KafkaSink(new KafkaProducer<>(new KafkaProducerSettings(servers, bufferBytes, timeout)
                .toProperties()), topic, partitions, sender);
    }

    void close(@Disposes KafkaSink sink) {
        sink.close();
    }

    @Produces
    @Singleton
    KafkaProbe kafkaProbe(@ConfigProperty(name = "dta.ingest.kafka.bootstrap-servers") String servers,
            @ConfigProperty(name = "dta.ingest.kafka.topic") String topic,
            @ConfigProperty(name = "dta.ingest.kafka.partitions") int partitions,
            @ConfigProperty(name = "dta.ingest.kafka.replication-factor") short replicationFactor,
            @ConfigProperty(name = "dta.ingest.kafka.timeout") Duration timeout) {
        return new KafkaProbe(servers, Duration.ofSeconds(2),
                () -> TopicSetup.ensure(servers, topic, partitions, replicationFactor, timeout));
    }

    void close(@Disposes KafkaProbe probe) {
        probe.close();
    }
}
