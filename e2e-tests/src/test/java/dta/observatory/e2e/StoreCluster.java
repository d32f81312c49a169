package dta.observatory.e2e;

import dta.observatory.devinfra.KafkaBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Cluster mode as an operator runs it, on loopback: a real Kafka broker (KRaft, in this JVM), ingest writing to it,
 * and {@code shards × replicas} store processes, each consuming its shard's partitions into its own data directory
 * and answering queries for the whole cluster. Ordinal o serves shard o mod shards.
 */
final class StoreCluster implements AutoCloseable {

    static final String TOPIC = "dta.samples.e2e";
    static final Duration STARTUP = Duration.ofSeconds(120);

    final KafkaBroker kafka;
    final ServiceProcess ingest;
    final List<ServiceProcess> stores = new ArrayList<>();

    private StoreCluster(KafkaBroker kafka, ServiceProcess ingest) {
        this.kafka = kafka;
        this.ingest = ingest;
    }

    static StoreCluster start(int shards, int replicas, int partitions) throws Exception {
        KafkaBroker kafka = new KafkaBroker(Files.createTempDirectory("e2e-kafka"));
        kafka.start();
        ServiceProcess ingest = new ServiceProcess("ingest-service", ServiceProcess.freePort(), Map.of(
                "DTA_INGEST_SINK", "kafka",
                "DTA_INGEST_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "DTA_INGEST_KAFKA_TOPIC", TOPIC,
                "DTA_INGEST_KAFKA_PARTITIONS", String.valueOf(partitions),
                "DTA_INGEST_FLOOD_OVERALL_PER_SECOND", "1000000",
                "DTA_INGEST_FLOOD_PER_SOURCE_PER_SECOND", "1000000"));
        StoreCluster cluster = new StoreCluster(kafka, ingest);
        try {
            // ingest creates the topic with the partition count the stores expect
            ingest.start().awaitHttp200("/q/health/ready", STARTUP);
            int instances = shards * replicas;
            StringJoiner peers = new StringJoiner(",");
            List<Integer> ports = new ArrayList<>();
            for (int o = 0; o < instances; o++) {
                int port = ServiceProcess.freePort();
                ports.add(port);
                peers.add("127.0.0.1:" + port);
            }
            for (int o = 0; o < instances; o++) {
                Map<String, String> env = new HashMap<>();
                env.put("DTA_STORE_CLUSTER_ENABLED", "true");
                env.put("DTA_STORE_CLUSTER_SHARDS", String.valueOf(shards));
                env.put("DTA_STORE_CLUSTER_REPLICAS", String.valueOf(replicas));
                env.put("DTA_STORE_CLUSTER_ORDINAL", String.valueOf(o));
                env.put("DTA_STORE_CLUSTER_PEERS", peers.toString());
                env.put("DTA_STORE_CLUSTER_QUERY_TIMEOUT", "2s");
                env.put("DTA_STORE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
                env.put("DTA_STORE_KAFKA_TOPIC", TOPIC);
                env.put("DTA_STORE_KAFKA_PARTITIONS", String.valueOf(partitions));
                env.put("DTA_STORE_DISK_ALERT_ENABLED", "false");
                cluster.stores.add(new ServiceProcess("store-service", ports.get(o), env).start());
            }
            for (ServiceProcess s : cluster.stores) {
                s.awaitHttp200("/q/health/ready", STARTUP);
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    ServiceProcess store(int ordinal) {
        return stores.get(ordinal);
    }

    @Override
    public void close() {
        for (ServiceProcess s : stores) {
            s.close();
        }
        ingest.close();
        kafka.close();
    }
}
