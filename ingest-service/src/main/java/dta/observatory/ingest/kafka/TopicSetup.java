package dta.observatory.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure the samples topic exists with the partition count routing assumes. Creating it is a convenience for
 * local runs (in Kubernetes a Strimzi KafkaTopic owns it); a topic with another partition count is refused, since
 * every series would then land on a partition its store shard does not read.
 */
public final class TopicSetup {

    /** The topic exists with another partition count: starting would route series to the wrong shards. */
    public static final class WrongPartitionCount extends IllegalStateException {
        WrongPartitionCount(String message) {
            super(message);
        }
    }

    private TopicSetup() {
    }

    /**
     * @throws WrongPartitionCount if the topic exists with another partition count
     * @throws IllegalStateException if Kafka cannot be reached within {@code timeout}
     */
    public static void ensure(String bootstrapServers, String topic, int partitions, short replicationFactor,
            Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(p)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int actual = d.get(topic).partitions().size();
            if (actual != partitions) {
                throw new WrongPartitionCount("topic " + topic + " has " + actual + " partitions; ingest is "
                        + "configured for " + partitions + " and routes series by it");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set up topic " + topic + " on " + bootstrapServers + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topic " + topic, e);
        }
    }
}
