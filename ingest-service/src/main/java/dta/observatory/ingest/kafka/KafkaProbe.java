package dta.observatory.ingest.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Ingest's readiness in cluster mode: asks Kafka for its brokers, with a short timeout, and sets the topic up if
 * that has not succeeded yet (Kafka may come up after ingest, or answer too slowly at boot; a topic that never got
 * created would leave every batch failing).
 */
public final class KafkaProbe implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;
    private final Runnable topicSetup;
    private volatile boolean topicReady;

    /** @param topicSetup creates or checks the topic; throws {@link IllegalStateException} when it cannot */
    public KafkaProbe(String bootstrapServers, Duration timeout, Runnable topicSetup) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(p);
        this.timeout = timeout;
        this.topicSetup = topicSetup;
    }

    /** Null when Kafka answered with at least one broker, else why not. */
    public String problem() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return brokers == 0 ? "Kafka answered with no broker" : topicProblem();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "Kafka did not answer: " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }

    private String topicProblem() {
        if (topicReady) {
            return null;
        }
        try {
            topicSetup.run();
            topicReady = true;
            return null;
        } catch (IllegalStateException e) {
            return "Kafka topic not set up: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
