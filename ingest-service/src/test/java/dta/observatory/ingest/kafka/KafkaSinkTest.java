package dta.observatory.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.devinfra.KafkaBroker;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.support.SeriesId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode's sink against a real KRaft broker in this JVM. */
class KafkaSinkTest {

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static final ExecutorService SENDER = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(dir);
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        SENDER.shutdownNow();
        broker.close();
    }

    private static KafkaSink sink(String topic, int partitions, Duration wait) {
        TopicSetup.ensure(broker.bootstrapServers(), topic, partitions, (short) 1, Duration.ofSeconds(30));
        return new KafkaSink(new KafkaProducer<>(new KafkaProducerSettings(broker.bootstrapServers(), 1 << 20, wait)
                .toProperties()), topic, partitions, SENDER);
    }

    private static Sample sample(String metric, Map<String, String> labels, long ts, double v) {
        return Sample.newBuilder().setMetric(metric).putAllLabels(labels).setTimestampMs(ts).setValue(v).build();
    }

    @Test
    void eachSeriesIsOneRecordKeyedByItsIdOnItsPartitionAndTheBatchCompletesAfterKafkasAck() {
        AppendRequest batch = AppendRequest.newBuilder()
                .addSamples(sample("pay.ok", Map.of("svc", "permits", "region", "east"), 1_000, 1))
                .addSamples(sample("pay.ok", Map.of("svc", "permits", "region", "west"), 1_000, 0))
                .addSamples(sample("queue.wait", Map.of(), 1_000, 4.5))
                .addSamples(sample("pay.ok", Map.of("region", "east", "svc", "permits"), 2_000, 0)).build();
        try (KafkaSink sink = sink("samples-a", 8, Duration.ofSeconds(10))) {
            AppendResponse stored = sink.append(batch).await().atMost(Duration.ofSeconds(30));
            assertThat(stored.getAppended()).isEqualTo(4);
        }

        List<ConsumerRecord<byte[], byte[]>> records = readAll("samples-a", 8, 3);
        assertThat(records).hasSize(3);
        int samples = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            long id = ByteBuffer.wrap(r.key()).getLong();
            assertThat(r.partition()).isEqualTo(SeriesId.partition(id, 8));
            AppendRequest value = parse(r.value());
            for (Sample s : value.getSamplesList()) {
                assertThat(SeriesId.of(s.getMetric(), s.getLabelsMap())).as("one series per record").isEqualTo(id);
            }
            if (value.getSamples(0).getLabelsMap().equals(Map.of("svc", "permits", "region", "east"))) {
                assertThat(value.getSamplesList()).extracting(Sample::getTimestampMs).containsExactly(1_000L, 2_000L);
            }
            samples += value.getSamplesCount();
        }
        assertThat(samples).isEqualTo(4);
    }

    @Test
    void aTopicWithAnotherPartitionCountIsRefused() {
        TopicSetup.ensure(broker.bootstrapServers(), "samples-b", 4, (short) 1, Duration.ofSeconds(30));
        assertThatThrownBy(() -> TopicSetup.ensure(broker.bootstrapServers(), "samples-b", 32, (short) 1,
                Duration.ofSeconds(30))).isInstanceOf(TopicSetup.WrongPartitionCount.class)
                .hasMessageContaining("has 4 partitions");
    }

    /** A topic that could not be set up at boot (Kafka slow or absent) is set up by the next readiness probe. */
    @Test
    void theReadinessProbeSetsUpATopicThatBootCouldNot() {
        AtomicBoolean kafkaReachable = new AtomicBoolean();
        Runnable setup = () -> {
            if (!kafkaReachable.get()) {
                throw new IllegalStateException("cannot set up topic late.topic: timed out");
            }
            TopicSetup.ensure(broker.bootstrapServers(), "late.topic", 3, (short) 1, Duration.ofSeconds(10));
        };
        try (KafkaProbe probe = new KafkaProbe(broker.bootstrapServers(), Duration.ofSeconds(5), setup)) {
            assertThat(probe.problem()).isEqualTo("Kafka topic not set up: cannot set up topic late.topic: timed out");
            kafkaReachable.set(true);
            assertThat(probe.problem()).isNull();
        }
        // the topic now exists with its partitions: a sink writes to it
        KafkaSink sink = sink("late.topic", 3, Duration.ofSeconds(10));
        assertThat(sink.append(AppendRequest.newBuilder().addSamples(sample("late.m", Map.of(), 1, 1)).build())
                .await().atMost(Duration.ofSeconds(30)).getAppended()).isEqualTo(1);
        sink.close();
    }

    @Test
    void withKafkaDownABatchFailsWithinTheBoundedWaitAndTheSinkRecoversWhenKafkaReturns() throws Exception {
        AppendRequest batch = AppendRequest.newBuilder().addSamples(sample("pay.ok", Map.of("svc", "a"), 1, 1)).build();
        try (KafkaSink sink = sink("samples-c", 4, Duration.ofSeconds(2))) {
            assertThat(sink.append(batch).await().atMost(Duration.ofSeconds(30)).getAppended()).isEqualTo(1);
            broker.stop();
            try {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> sink.append(batch).await().atMost(Duration.ofSeconds(30)))
                        .isInstanceOf(KafkaUnavailableException.class).hasMessageContaining("samples-c");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("bounded wait of 2 s, with slack")
                        .isLessThan(Duration.ofSeconds(10));
            } finally {
                broker.start();
            }
            AppendResponse again = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (again == null && System.nanoTime() < deadline) {
                try {
                    again = sink.append(batch).await().atMost(Duration.ofSeconds(30));
                } catch (KafkaUnavailableException stillDown) {
                    Thread.sleep(500);
                }
            }
            assertThat(again).as("the sink works again once Kafka is back").isNotNull();
            assertThat(again.getAppended()).isEqualTo(1);
        }
    }

    private static AppendRequest parse(byte[] bytes) {
        try {
            return AppendRequest.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partitions, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> all = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                all.add(new TopicPartition(topic, i));
            }
            c.assign(all);
            c.seekToBeginning(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
