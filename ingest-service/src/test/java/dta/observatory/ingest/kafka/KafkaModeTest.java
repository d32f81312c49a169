package dta.observatory.ingest.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.RetryInfo;
import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.MutinyIngestServiceGrpc;
import dta.observatory.api.v1.Sample;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Ingest in cluster mode ({@code dta.ingest.sink=kafka}) against a real broker, with no store running: an
 * acknowledged emit is in the topic and readiness follows Kafka; with Kafka stopped, readiness is DOWN, gRPC answers
 * RESOURCE_EXHAUSTED with retry info and HTTP 503 with Retry-After, each within the bounded wait; when Kafka is
 * back, emits are acknowledged again.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class KafkaModeTest {

    @GrpcClient("ingest")
    MutinyIngestServiceGrpc.MutinyIngestServiceStub ingest;

    private static EmitRequest emit(String metric, double value) {
        return EmitRequest.newBuilder().addSamples(Sample.newBuilder().setMetric(metric).setValue(value)
                .putLabels("svc", "permits")).build();
    }

    @Test
    void acknowledgedAfterKafkaThenRefusedWhileKafkaIsDownThenAcknowledgedAgain() throws Exception {
        EmitResponse ok = ingest.emit(emit("kafka.mode.ok", 1)).await().atMost(Duration.ofSeconds(30));
        assertThat(ok.getAccepted()).isEqualTo(1);
        assertThat(recordsOf("kafka.mode.ok")).as("the acknowledged sample is in the topic").hasSize(1);
        given().get("/q/health/ready").then().statusCode(200); // ready on Kafka alone: no store runs here

        KafkaBrokerResource.broker.stop();
        try {
            given().get("/q/health/ready").then().statusCode(503);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> ingest.emit(emit("kafka.mode.down", 2)).await().atMost(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(StatusProto.fromThrowable(e).getDetailsList()).anySatisfy(d ->
                                assertThat(d.is(RetryInfo.class)).isTrue());
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            given().body("{\"metric\":\"kafka.mode.down\",\"value\":3}").contentType("application/json")
                    .post("/api/v1/emit").then().statusCode(503).header("Retry-After", "5");
        } finally {
            KafkaBrokerResource.broker.start();
        }

        EmitResponse again = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (again == null && System.nanoTime() < deadline) {
            try {
                again = ingest.emit(emit("kafka.mode.back", 4)).await().atMost(Duration.ofSeconds(30));
            } catch (StatusRuntimeException stillDown) {
                Thread.sleep(500);
            }
        }
        assertThat(again).as("acknowledged again once Kafka is back").isNotNull();
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(recordsOf("kafka.mode.back")).hasSize(1);
    }

    private static List<Sample> recordsOf(String metric) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Sample> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> all = new ArrayList<>();
            for (int i = 0; i < KafkaBrokerResource.PARTITIONS; i++) {
                all.add(new TopicPartition(KafkaBrokerResource.TOPIC, i));
            }
            c.assign(all);
            c.seekToBeginning(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (out.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    for (Sample s : AppendRequest.parseFrom(r.value()).getSamplesList()) {
                        if (s.getMetric().equals(metric)) {
                            out.add(s);
                        }
                    }
                }
            }
        }
        return out;
    }
}
