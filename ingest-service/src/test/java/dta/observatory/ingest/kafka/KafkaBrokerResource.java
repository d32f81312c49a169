package dta.observatory.ingest.kafka;

import dta.observatory.devinfra.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.Map;

/** Starts a real KRaft broker before the application and points ingest's cluster mode at it. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    static final String TOPIC = "dta.samples.test";
    static final int PARTITIONS = 4;
    static KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = new KafkaBroker(Files.createTempDirectory("kafka-mode"));
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker", e);
        }
        return Map.of("dta.ingest.sink", "kafka",
                "dta.ingest.kafka.bootstrap-servers", broker.bootstrapServers(),
                "dta.ingest.kafka.topic", TOPIC,
                "dta.ingest.kafka.partitions", Integer.toString(PARTITIONS),
                "dta.ingest.kafka.timeout", "2s",
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
