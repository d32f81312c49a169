package dta.observatory.store.cluster.consume;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendStreamRequest;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.StoreService;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.devinfra.KafkaBroker;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.Storage;
import dta.observatory.support.SeriesId;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The store booted in cluster mode as instance 0 of 2 shards × 1 replica, against a real broker whose topic already
 * holds records: it consumes its partitions (0 and 2), turns ready once caught up, keeps consuming, and refuses
 * Append / AppendStream.
 */
@QuarkusTest
@TestProfile(ClusterModeTest.Clustered.class)
class ClusterModeTest {

    static final String TOPIC = "dta.samples.cluster-test";
    static final int PARTITIONS = 4;
    static final int SERIES = 40;

    public static class Clustered implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerWithRecords.class));
        }
    }

    /** A broker whose topic holds one record per series before the store starts. */
    public static class BrokerWithRecords implements QuarkusTestResourceLifecycleManager {
        static KafkaBroker broker;
        static KafkaProducer<byte[], byte[]> producer;

        @Override
        public Map<String, String> start() {
            try {
                broker = new KafkaBroker(Files.createTempDirectory("store-cluster-mode"));
                broker.start();
                Properties p = new Properties();
                p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                try (Admin admin = Admin.create(p)) {
                    admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
                }
                p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                producer = new KafkaProducer<>(p);
                produce("before", 0);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test broker", e);
            }
            Map<String, String> config = new HashMap<>();
            config.put("dta.store.cluster.enabled", "true");
            config.put("dta.store.cluster.shards", "2");
            config.put("dta.store.cluster.replicas", "1");
            config.put("dta.store.cluster.ordinal", "0");
            config.put("dta.store.cluster.peers", "127.0.0.1:1,127.0.0.1:2");
            config.put("dta.store.kafka.bootstrap-servers", broker.bootstrapServers());
            config.put("dta.store.kafka.topic", TOPIC);
            config.put("dta.store.kafka.partitions", Integer.toString(PARTITIONS));
            config.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
            config.put("quarkus.log.category.\"kafka\".level", "WARN");
            return config;
        }

        @Override
        public void stop() {
            if (producer != null) {
                producer.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** One record per series of metric {@code metric}, as ingest's KafkaSink writes them; value = {@code value}. */
    static void produce(String metric, double value) throws Exception {
        long ts = System.currentTimeMillis() - 60_000;
        for (int s = 0; s < SERIES; s++) {
            Map<String, String> labels = Map.of("s", Integer.toString(s));
            long id = SeriesId.of(metric, labels);
            AppendRequest request = AppendRequest.newBuilder().addSamples(Sample.newBuilder().setMetric(metric)
                    .putAllLabels(labels).setTimestampMs(ts).setValue(value)).build();
            BrokerWithRecords.producer.send(new ProducerRecord<>(TOPIC, SeriesId.partition(id, PARTITIONS),
                    ByteBuffer.allocate(8).putLong(id).array(), request.toByteArray())).get();
        }
    }

    /** The series of {@code metric} whose partition this shard (0 of 2) owns. */
    static Map<String, Integer> ownSeries(String metric) {
        Map<String, Integer> out = new TreeMap<>();
        for (int s = 0; s < SERIES; s++) {
            if (SeriesId.partition(SeriesId.of(metric, Map.of("s", Integer.toString(s))), PARTITIONS) % 2 == 0) {
                out.put(Integer.toString(s), 1);
            }
        }
        return out;
    }

    /** Per series of {@code metric} stored here: its point count. */
    Map<String, Integer> stored(String metric) {
        Map<String, Integer> out = new TreeMap<>();
        long now = System.currentTimeMillis();
        for (SeriesPoints sp : storage.range(metric, Map.of(), now - 3_600_000, now).series()) {
            out.put(sp.series().labels().get("s"), sp.points().size());
        }
        return out;
    }

    @Inject
    Storage storage;

    @GrpcClient("store")
    StoreServiceGrpc.StoreServiceBlockingStub store;

    @GrpcClient("store")
    StoreService streams;

    @Test
    void consumesItsPartitionsTurnsReadyOnceCaughtUpAndRefusesAppend() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body(containsString("kafka-consumer")));
        // ready means caught up with what the topic held at start: all of it is here at once, and only our shard's
        assertThat(stored("before")).isEqualTo(ownSeries("before")).isNotEmpty();

        produce("after", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(stored("after")).isEqualTo(ownSeries("after")));
        assertThat(stored("before")).as("nothing stored twice").isEqualTo(ownSeries("before"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_store_kafka_records_consumed_total"))
                .body(containsString("dta_store_kafka_lag{shard=\"0\"}"))
                .body(containsString("dta_store_kafka_position{partition=\"2\"}"));

        AppendRequest batch = AppendRequest.newBuilder().addSamples(Sample.newBuilder().setMetric("direct")
                .setTimestampMs(System.currentTimeMillis()).setValue(1)).build();
        assertThatThrownBy(() -> store.append(batch)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).contains("cluster mode").contains("send them to ingest");
        });
        assertThatThrownBy(() -> streams.appendStream(Multi.createFrom().item(AppendStreamRequest.newBuilder()
                .setSequence(1).setBatch(batch).build())).collect().asList().await().atMost(Duration.ofSeconds(30)))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(stored("direct")).isEmpty();
    }
}
