package dta.observatory.store.cluster;

import dta.observatory.devinfra.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real broker with an empty topic of 4 partitions, for tests of a clustered store that fill its engine
 * directly: its consumer catches up at once (nothing to read), so the instance answers reads for its shard.
 */
public class EmptyTopicBroker implements QuarkusTestResourceLifecycleManager {

    static final String TOPIC = "dta.samples.empty";
    static final int PARTITIONS = 4;
    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = new KafkaBroker(Files.createTempDirectory("store-empty-topic"));
            broker.start();
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker", e);
        }
        return Map.of("dta.store.kafka.bootstrap-servers", broker.bootstrapServers(),
                "dta.store.kafka.topic", TOPIC,
                "dta.store.kafka.partitions", Integer.toString(PARTITIONS),
                "quarkus.log.category.\"org.apache.kafka\".level", "WARN",
                "quarkus.log.category.\"kafka\".level", "WARN");
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
