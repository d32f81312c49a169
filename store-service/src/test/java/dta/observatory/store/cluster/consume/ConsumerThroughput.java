package dta.observatory.store.cluster.consume;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.Sample;
import dta.observatory.devinfra.KafkaBroker;
import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.support.SeriesId;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Rough throughput of one {@link PartitionConsumer}: pre-fills a topic on an in-process broker with records as
 * ingest's KafkaSink writes them (one record per series and batch, lz4), then times one consumer owning every
 * partition until its durable positions reach the end offsets. Not a test; run by hand (BENCHMARKS.md style):
 * args: records [series] [samplesPerRecord] [partitions] [pollMaxRecords].
 */
public final class ConsumerThroughput {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int perRecord = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int pollMax = args.length > 4 ? Integer.parseInt(args[4]) : 5000;
        Path dir = Files.createTempDirectory("consumer-throughput");
        String topic = "samples";
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"))) {
            broker.start();
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            }
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
            long base = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
            long started = System.nanoTime();
            Map<Integer, Long> end = new HashMap<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < records; i++) {
                    int s = i % series;
                    int round = i / series;
                    Map<String, String> labels = Map.of("instance", "host-" + s, "job", "bench");
                    long id = SeriesId.of("bench_metric", labels);
                    int partition = SeriesId.partition(id, partitions);
                    AppendRequest.Builder value = AppendRequest.newBuilder();
                    for (int k = 0; k < perRecord; k++) {
                        value.addSamples(Sample.newBuilder().setMetric("bench_metric").putAllLabels(labels)
                                .setTimestampMs(base + (round * perRecord + k) * 100L).setValue(round * 0.5 + k));
                    }
                    producer.send(new ProducerRecord<>(topic, partition, ByteBuffer.allocate(8).putLong(id).array(),
                            value.build().toByteArray()));
                    end.merge(partition, 1L, Long::sum);
                }
                producer.flush();
            }
            System.out.printf("pre-filled %d records (%d samples) in %.1f s%n", records, (long) records * perRecord,
                    (System.nanoTime() - started) / 1e9);

            ConsumerSettings settings = new ConsumerSettings(broker.bootstrapServers(), topic, partitions,
                    IntStream.range(0, partitions).boxed().toList(), "bench", pollMax, 262144, Duration.ofMillis(100),
                    Duration.ofSeconds(5), Duration.ofSeconds(1));
            try (TsdbStorage storage = TsdbStorage.open(dir.resolve("store"), StorageOptions.defaults(),
                    Clock.systemUTC())) {
                PartitionConsumer consumer = new PartitionConsumer(settings, PositionedSink.of(storage));
                started = System.nanoTime();
                consumer.start();
                while (!storage.sourcePositions().equals(end)) {
                    Thread.sleep(5);
                }
                double secs = (System.nanoTime() - started) / 1e9;
                consumer.close();
                System.out.printf("consumed %d records, appended %d samples in %.2f s: %.0f records/s, %.0f "
                        + "samples/s (%d WAL fsyncs)%n", consumer.recordsConsumed(), consumer.samplesAppended(), secs,
                        consumer.recordsConsumed() / secs, consumer.samplesAppended() / secs,
                        storage.stats().walSyncs());
            }
        }
    }
}
