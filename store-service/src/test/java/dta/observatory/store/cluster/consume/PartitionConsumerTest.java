package dta.observatory.store.cluster.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.Sample;
import dta.observatory.devinfra.KafkaBroker;
import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.StoredSample;
import dta.observatory.support.SeriesId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's consumer against a real KRaft broker in this JVM, storing into a real engine in a temp dir. */
class PartitionConsumerTest {

    static final int PARTITIONS = 4;
    static final int SERIES = 24;

    @TempDir
    static Path brokerDir;
    static KafkaBroker broker;
    static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(brokerDir);
        broker.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.close();
    }

    static void createTopic(String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** What was produced: per series (its key's labels as text), the values in order, and its partition. */
    static final class Produced {
        final Map<String, List<Double>> values = new TreeMap<>();
        final Map<String, Integer> partition = new HashMap<>();
        final Map<Integer, Long> records = new HashMap<>();
    }

    /**
     * Like ingest's KafkaSink: one record per series, key = its 8-byte SeriesId, partition = floorMod(id, 4), value
     * = an AppendRequest with that series' samples ({@code perRecord} of them, values counting on from before).
     */
    static void produce(String topic, Produced produced, int rounds, int perRecord) throws Exception {
        long base = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < SERIES; s++) {
                Map<String, String> labels = Map.of("s", Integer.toString(s));
                long id = SeriesId.of("consumed", labels);
                int partition = SeriesId.partition(id, PARTITIONS);
                String name = "s=" + s;
                List<Double> values = produced.values.computeIfAbsent(name, k -> new ArrayList<>());
                produced.partition.put(name, partition);
                AppendRequest.Builder value = AppendRequest.newBuilder();
                for (int i = 0; i < perRecord; i++) {
                    int n = values.size();
                    values.add((double) n);
                    value.addSamples(Sample.newBuilder().setMetric("consumed").putAllLabels(labels)
                            .setTimestampMs(base + n * 1000L).setValue(n));
                }
                producer.send(new ProducerRecord<>(topic, partition, ByteBuffer.allocate(8).putLong(id).array(),
                        value.build().toByteArray())).get();
                produced.records.merge(partition, 1L, Long::sum);
            }
        }
    }

    static ConsumerSettings settings(String topic, List<Integer> owned) {
        return new ConsumerSettings(broker.bootstrapServers(), topic, PARTITIONS, owned, "test-store", 5000, 1,
                Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMillis(200));
    }

    TsdbStorage openStorage() {
        return TsdbStorage.open(dataDir, StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO),
                Clock.systemUTC());
    }

    /** Per series in the engine: its values in stored order. */
    static Map<String, List<Double>> stored(TsdbStorage storage) {
        Map<String, List<Double>> out = new TreeMap<>();
        long now = System.currentTimeMillis();
        for (SeriesPoints sp : storage.range("consumed", Map.of(), now - Duration.ofDays(1).toMillis(), now)
                .series()) {
            out.put("s=" + sp.series().labels().get("s"), sp.points().stream().map(Point::value).toList());
        }
        return out;
    }

    static Map<String, List<Double>> ofPartitions(Produced produced, List<Integer> partitions) {
        Map<String, List<Double>> out = new TreeMap<>();
        produced.values.forEach((name, values) -> {
            if (partitions.contains(produced.partition.get(name))) {
                out.put(name, values);
            }
        });
        return out;
    }

    @Test
    void shardZeroOfTwoStoresExactlyItsPartitionsAndResumesWithoutGapOrDuplicate() throws Exception {
        String topic = "samples-resume";
        createTopic(topic, PARTITIONS);
        List<Integer> owned = List.of(0, 2); // shard 0 of 2
        Produced produced = new Produced();
        produce(topic, produced, 3, 2);
        assertThat(produced.partition.values()).as("the series spread over all partitions").contains(0, 1, 2, 3);

        TsdbStorage storage = openStorage();
        PartitionConsumer consumer = new PartitionConsumer(settings(topic, owned), PositionedSink.of(storage));
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(consumer::caughtUp);
        assertThat(storage.sourcePositions()).isEqualTo(Map.of(0, produced.records.get(0), 2,
                produced.records.get(2)));
        assertThat(stored(storage)).isEqualTo(ofPartitions(produced, owned));
        assertThat(consumer.recordsConsumed()).isEqualTo(produced.records.get(0) + produced.records.get(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.lag() == 0);
        consumer.close();
        storage.close();

        // a restarted replica: reopen the engine, a new consumer resumes at the recorded positions
        long before = produced.records.get(0) + produced.records.get(2);
        produce(topic, produced, 2, 3);
        producer.send(new ProducerRecord<>(topic, 2, new byte[8], new byte[] {(byte) 0xff, 1, 2})).get();
        long end2 = produced.records.get(2) + 1;
        storage = openStorage();
        PartitionConsumer resumed = new PartitionConsumer(settings(topic, owned), PositionedSink.of(storage));
        resumed.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(resumed::caughtUp);
            assertThat(storage.sourcePositions()).isEqualTo(Map.of(0, produced.records.get(0), 2, end2));
            assertThat(stored(storage)).as("every sample once, in order").isEqualTo(ofPartitions(produced, owned));
            assertThat(resumed.recordsConsumed()).as("only what came after the recorded positions")
                    .isEqualTo(produced.records.get(0) + produced.records.get(2) - before + 1);
            assertThat(resumed.undecodableRecords()).isEqualTo(1);
        } finally {
            resumed.close();
            storage.close();
        }
    }

    @Test
    void aFailedAppendIsConsumedAgainFromTheDurablePositions() throws Exception {
        String topic = "samples-failing-sink";
        createTopic(topic, PARTITIONS);
        Produced produced = new Produced();
        produce(topic, produced, 2, 1);
        List<Integer> owned = List.of(0, 1, 2, 3);
        try (TsdbStorage storage = openStorage()) {
            PositionedSink real = PositionedSink.of(storage);
            AtomicInteger calls = new AtomicInteger();
            PositionedSink failingOnce = new PositionedSink() {
                @Override
                public AppendOutcome append(List<StoredSample> samples, Map<Integer, Long> positions) {
                    if (calls.getAndIncrement() == 0) {
                        throw new IllegalStateException("disk full (test)");
                    }
                    return real.append(samples, positions);
                }

                @Override
                public Map<Integer, Long> sourcePositions() {
                    return real.sourcePositions();
                }
            };
            PartitionConsumer consumer = new PartitionConsumer(settings(topic, owned), failingOnce);
            consumer.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(consumer::caughtUp);
                assertThat(consumer.sinkFailures()).isEqualTo(1);
                assertThat(stored(storage)).isEqualTo(produced.values);
            } finally {
                consumer.close();
            }
        }
    }

    @Test
    void aTopicWithAnotherPartitionCountIsRefused() throws Exception {
        String topic = "samples-three";
        createTopic(topic, 3);
        ConsumerSettings settings = settings(topic, List.of(0, 2));
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(settings.toProperties())) {
            assertThatThrownBy(() -> PartitionConsumer.checkTopic(probe, settings))
                    .isInstanceOf(PartitionConsumer.WrongPartitionCount.class)
                    .hasMessageContaining("has 3 partitions but dta.store.kafka.partitions is 4");
        }
        try (TsdbStorage storage = openStorage(); PartitionConsumer consumer = new PartitionConsumer(settings,
                PositionedSink.of(storage))) {
            consumer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.failure() != null);
            assertThat(consumer.caughtUp()).isFalse();
        }
    }
}
