package dta.observatory.ingest.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.AppendStreamRequest;
import dta.observatory.api.v1.AppendStreamResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StreamingStoreWriter against a fake store on a real (in-process) gRPC server. */
class StreamingStoreWriterTest {

    /** A store whose answers the test gives by hand, unless {@code autoAnswer} is set. */
    static final class FakeStore extends StoreServiceGrpc.StoreServiceImplBase {

        /** A batch the fake received and has not answered. */
        record Received(AppendStreamRequest request, StreamObserver<AppendStreamResponse> answers) {

            void answer(long appended) {
                send(AppendStreamResponse.newBuilder().setSequence(request.getSequence())
                        .setResult(AppendResponse.newBuilder().setAppended(appended)).build());
            }

            void refuse(String error) {
                send(AppendStreamResponse.newBuilder().setSequence(request.getSequence()).setError(error).build());
            }

            private void send(AppendStreamResponse response) {
                synchronized (answers) { // a server StreamObserver is not thread-safe
                    answers.onNext(response);
                }
            }
        }

        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger cancelled = new AtomicInteger();
        volatile boolean autoAnswer;

        @Override
        public StreamObserver<AppendStreamRequest> appendStream(StreamObserver<AppendStreamResponse> answers) {
            streams.incrementAndGet();
            return new StreamObserver<>() {
                @Override
                public void onNext(AppendStreamRequest request) {
                    Received r = new Received(request, answers);
                    if (autoAnswer) {
                        r.answer(request.getBatch().getSamplesCount());
                    } else {
                        received.add(r);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    cancelled.incrementAndGet(); // the client cancelled the call
                }

                @Override
                public void onCompleted() {
                    synchronized (answers) {
                        answers.onCompleted();
                    }
                }
            };
        }

        Received next() throws InterruptedException {
            Received r = received.poll(5, TimeUnit.SECONDS);
            assertThat(r).as("a batch reached the store").isNotNull();
            return r;
        }
    }

    private final FakeStore store = new FakeStore();
    private final List<StreamingStoreWriter> writers = new ArrayList<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(store).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        writers.forEach(StreamingStoreWriter::close);
        channel.shutdownNow();
        server.shutdownNow();
    }

    private StreamingStoreWriter writer(int streams, Duration timeout) {
        StreamingStoreWriter w = new StreamingStoreWriter(channel, streams, timeout);
        writers.add(w);
        return w;
    }

    private static AppendRequest batch(int samples) {
        AppendRequest.Builder b = AppendRequest.newBuilder();
        for (int i = 0; i < samples; i++) {
            b.addSamples(Sample.newBuilder().setMetric("m").setValue(i));
        }
        return b.build();
    }

    private static CompletableFuture<AppendResponse> send(StreamingStoreWriter w, AppendRequest batch) {
        return w.append(batch).subscribeAsCompletionStage().toCompletableFuture();
    }

    private static void assertUnavailable(CompletableFuture<AppendResponse> f, String messagePart) {
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StoreUnavailableException.class).hasMessageContaining(messagePart);
    }

    @Test
    void answersInAnyOrderCompleteTheBatchTheyName() throws Exception {
        StreamingStoreWriter w = writer(1, Duration.ofSeconds(30));
        List<CompletableFuture<AppendResponse>> acks = new ArrayList<>();
        for (int size = 1; size <= 4; size++) {
            acks.add(send(w, batch(size)));
        }
        List<FakeStore.Received> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(store.next());
        }
        assertThat(got).extracting(r -> r.request().getSequence()).doesNotHaveDuplicates();

        // Answer in reverse order; each answer says how many samples its own batch had.
        for (int i = 3; i >= 0; i--) {
            FakeStore.Received r = got.get(i);
            assertThat(acks.get(i)).as("batch %d is not acknowledged before its answer", i).isNotDone();
            r.answer(r.request().getBatch().getSamplesCount());
        }
        for (int size = 1; size <= 4; size++) {
            assertThat(acks.get(size - 1).get(5, TimeUnit.SECONDS).getAppended()).isEqualTo(size);
        }
        assertThat(store.streams.get()).as("all on one long-lived stream").isEqualTo(1);
        assertThat(w.streamsOpened()).isEqualTo(1);
    }

    @Test
    void anErrorAnswerFailsOnlyItsBatchAndTheStreamGoesOn() throws Exception {
        StreamingStoreWriter w = writer(1, Duration.ofSeconds(30));
        CompletableFuture<AppendResponse> bad = send(w, batch(1));
        CompletableFuture<AppendResponse> good = send(w, batch(2));
        FakeStore.Received first = store.next();
        FakeStore.Received second = store.next();

        first.refuse("INVALID_ARGUMENT: sample 0: metric name is empty");
        assertUnavailable(bad, "store did not take the batch: the store refused it: INVALID_ARGUMENT: sample 0: metric name is empty");
        assertThat(good).isNotDone();
        second.answer(2);
        assertThat(good.get(5, TimeUnit.SECONDS).getAppended()).isEqualTo(2);

        store.autoAnswer = true;
        assertThat(send(w, batch(3)).get(5, TimeUnit.SECONDS).getAppended()).isEqualTo(3);
        assertThat(store.streams.get()).isEqualTo(1);
    }

    @Test
    void aBatchNotAnsweredInTimeFailsAndResetsItsStream() throws Exception {
        StreamingStoreWriter w = writer(1, Duration.ofMillis(300));
        long start = System.nanoTime();
        CompletableFuture<AppendResponse> slow = send(w, batch(1));
        store.next(); // received, never answered
        Thread.sleep(150);
        CompletableFuture<AppendResponse> behind = send(w, batch(2)); // its own deadline is 150 ms later
        store.next();

        assertUnavailable(slow, "store did not take the batch: no answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(4));
        // The reset fails the stream's other pending batch too: its answer could no longer arrive.
        assertUnavailable(behind, "store did not take the batch: the store stream was reset: a batch was not "
                + "answered within 300 ms");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(store.cancelled.get())
                .as("the stuck stream was cancelled").isEqualTo(1));

        // The next batch goes over a new stream and is acknowledged.
        store.autoAnswer = true;
        assertThat(send(w, batch(5)).get(5, TimeUnit.SECONDS).getAppended()).isEqualTo(5);
        assertThat(store.streams.get()).isEqualTo(2);
        assertThat(w.streamsOpened()).isEqualTo(2);
    }

    @Test
    void aFailedStreamFailsEveryPendingBatchAndTheNextBatchReconnects() throws Exception {
        StreamingStoreWriter w = writer(1, Duration.ofSeconds(30));
        List<CompletableFuture<AppendResponse>> pending = new ArrayList<>();
        FakeStore.Received last = null;
        for (int i = 0; i < 3; i++) {
            pending.add(send(w, batch(1)));
            last = store.next();
        }

        synchronized (last.answers()) {
            last.answers().onError(Status.UNAVAILABLE.withDescription("store is restarting").asRuntimeException());
        }
        for (CompletableFuture<AppendResponse> f : pending) {
            assertUnavailable(f, "store did not take the batch: the store stream failed: UNAVAILABLE: store is restarting");
        }

        store.autoAnswer = true;
        assertThat(send(w, batch(7)).get(5, TimeUnit.SECONDS).getAppended()).isEqualTo(7);
        assertThat(store.streams.get()).as("a new stream after the failed one").isEqualTo(2);
    }

    @Test
    void theStoreEndingTheStreamFailsWhatIsPending() throws Exception {
        StreamingStoreWriter w = writer(1, Duration.ofSeconds(30));
        CompletableFuture<AppendResponse> pending = send(w, batch(1));
        FakeStore.Received r = store.next();
        synchronized (r.answers()) {
            r.answers().onCompleted();
        }
        assertUnavailable(pending, "store did not take the batch: the store ended the stream");

        store.autoAnswer = true;
        assertThat(send(w, batch(2)).get(5, TimeUnit.SECONDS).getAppended()).isEqualTo(2);
        assertThat(store.streams.get()).isEqualTo(2);
    }

    @Test
    void batchesAreSpreadOverTheConfiguredStreams() throws Exception {
        store.autoAnswer = true;
        StreamingStoreWriter w = writer(2, Duration.ofSeconds(30));
        for (int i = 1; i <= 6; i++) {
            assertThat(send(w, batch(i)).get(5, TimeUnit.SECONDS).getAppended()).isEqualTo(i);
        }
        assertThat(store.streams.get()).isEqualTo(2);
        assertThat(w.streamsOpened()).isEqualTo(2);
    }

    @Test
    void closingFailsWhatIsPendingAndRefusesNewBatches() throws Exception {
        StreamingStoreWriter w = writer(1, Duration.ofSeconds(30));
        CompletableFuture<AppendResponse> pending = send(w, batch(1));
        store.next();
        w.close();
        assertUnavailable(pending,
                "store did not take the batch: the store stream was reset: ingest is shutting down");
        assertUnavailable(send(w, batch(1)), "store did not take the batch: ingest is shutting down");
        assertThat(store.streams.get()).isEqualTo(1);
    }

    @Test
    void aStoreThatIsNotThereFailsAtOnceNotAfterTheDeadline() throws Exception {
        ManagedChannel nowhere = InProcessChannelBuilder.forName(InProcessServerBuilder.generateName()).build();
        try (StreamingStoreWriter w = new StreamingStoreWriter(nowhere, 2, Duration.ofSeconds(30))) {
            long start = System.nanoTime();
            assertUnavailable(send(w, batch(1)), "store did not take the batch: the store stream failed: UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            nowhere.shutdownNow();
        }
    }
}
