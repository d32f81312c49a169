package dta.observatory.client;

import static dta.observatory.client.Windows.avg;
import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Point;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.client.emit.BatchingEmitter;
import dta.observatory.client.watch.LocalWatch;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's emitter and lambda watch against in-process gRPC services (the real ones are in e2e-tests). */
class ObservatoryTest {

    private final List<Sample> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNextCalls = new AtomicInteger();
    private final List<Double> storeValues = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new IngestServiceGrpc.IngestServiceImplBase() {
                    @Override
                    public void emit(EmitRequest request, StreamObserver<EmitResponse> reply) {
                        if (failNextCalls.getAndDecrement() > 0) {
                            reply.onError(Status.UNAVAILABLE.withDescription("store down").asRuntimeException());
                            return;
                        }
                        received.addAll(request.getSamplesList());
                        reply.onNext(EmitResponse.newBuilder().setAccepted(request.getSamplesCount()).build());
                        reply.onCompleted();
                    }
                })
                .addService(new StoreServiceGrpc.StoreServiceImplBase() {
                    @Override
                    public void slice(SliceRequest request, StreamObserver<SliceResponse> reply) {
                        Series.Builder s = Series.newBuilder().setMetric(request.getMetric());
                        List<Double> values = storeValues.subList(Math.max(0, storeValues.size() - request.getN()),
                                storeValues.size());
                        for (int i = 0; i < values.size(); i++) {
                            s.addPoints(Point.newBuilder().setTimestampMs(i).setValue(values.get(i)));
                        }
                        reply.onNext(SliceResponse.newBuilder().addSeries(s).build());
                        reply.onCompleted();
                    }
                }).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private BatchingEmitter emitter(int capacity) {
        return emitter(capacity, 1000);
    }

    private BatchingEmitter emitter(int capacity, int maxBatch) {
        return new BatchingEmitter(IngestServiceGrpc.newBlockingStub(channel), capacity, maxBatch,
                Duration.ofMillis(20), Duration.ofSeconds(2));
    }

    private static Sample sample(double value) {
        return Sample.newBuilder().setMetric("permit.pay.ok").setValue(value).setTimestampMs(1).build();
    }

    @Test
    void emitsInBatchesAndFlushWaitsForTheAcknowledgement() throws Exception {
        try (BatchingEmitter emitter = emitter(10_000)) {
            for (int i = 0; i < 2_500; i++) {
                assertThat(emitter.offer(sample(i))).isTrue();
            }
            assertThat(emitter.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(received).hasSize(2_500);
            assertThat(received.get(2_499).getValue()).isEqualTo(2_499);
            assertThat(emitter.accepted()).isEqualTo(2_500);
        }
    }

    @Test
    void retriesABatchIngestCouldNotTakeSoNothingIsLost() throws Exception {
        failNextCalls.set(2);
        try (BatchingEmitter emitter = emitter(100)) {
            emitter.offer(sample(1));
            assertThat(emitter.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(received).hasSize(1);
            assertThat(emitter.dropped()).isZero();
        }
    }

    @Test
    void aFullBufferDropsAndCountsInsteadOfBlocking() {
        failNextCalls.set(Integer.MAX_VALUE);
        // One sample per batch: whatever the timing, at most the buffer plus the one batch being retried is held.
        BatchingEmitter emitter = emitter(10, 1);
        int offered = 0;
        for (int i = 0; i < 50; i++) {
            if (emitter.offer(sample(i))) {
                offered++;
            }
        }
        assertThat(offered).isLessThanOrEqualTo(11);
        assertThat(emitter.dropped()).isGreaterThanOrEqualTo(39);
        emitter.close(Duration.ofMillis(200));
        assertThat(emitter.dropped()).as("unsent at close count as dropped").isGreaterThanOrEqualTo(49);
    }

    @Test
    void localWatchFiresOnlyOnAFullWindowWhereTheRuleHolds() {
        AtomicInteger fired = new AtomicInteger();
        LocalWatch watch = new LocalWatch(StoreServiceGrpc.newBlockingStub(channel), "permit.pay.ok", 10,
                arr -> avg(arr) < 0.95, fired::incrementAndGet, Duration.ofSeconds(2));
        for (int i = 0; i < 9; i++) {
            storeValues.add(0.0);
        }
        assertThat(watch.evaluateOnce()).as("9 of 10: window not full").isFalse();
        storeValues.add(1.0);
        assertThat(watch.evaluateOnce()).isTrue();
        for (int i = 0; i < 10; i++) {
            storeValues.add(1.0);
        }
        assertThat(watch.evaluateOnce()).isFalse();
        assertThat(fired.get()).isEqualTo(1);
    }
}
