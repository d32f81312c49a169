package dta.observatory.ingest.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Asks Kafka for its brokers, with a short timeout: ingest's readiness in cluster mode. */
public final class KafkaProbe implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;

    public KafkaProbe(String bootstrapServers, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(p);
        this.timeout = timeout;
    }

    /** Null when Kafka answered with at least one broker, else why not. */
    public String problem() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return brokers > 0 ? null : "Kafka answered with no broker";
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "Kafka did not answer: " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
