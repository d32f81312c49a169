package dta.observatory.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendStreamRequest;
import dta.observatory.api.v1.AppendStreamResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** AppendStream over a real gRPC channel: each batch answered once by its sequence, stored, readable by Slice. */
@QuarkusTest
class StoreAppendStreamTest {

    @GrpcClient("store")
    Channel channel;

    @GrpcClient("store")
    StoreServiceGrpc.StoreServiceBlockingStub store;

    /** Collects the answers of one stream. */
    private static final class Answers implements StreamObserver<AppendStreamResponse> {
        final BlockingQueue<AppendStreamResponse> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void onNext(AppendStreamResponse value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            closed.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            closed.complete(null);
        }

        /** The next {@code n} answers by sequence; fails the test if they do not come within 10 s. */
        Map<Long, AppendStreamResponse> take(int n) throws InterruptedException {
            Map<Long, AppendStreamResponse> bySequence = new ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                AppendStreamResponse r = received.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("answer %d of %d", i + 1, n).isNotNull();
                assertThat(bySequence.put(r.getSequence(), r)).as("sequence %d answered twice", r.getSequence())
                        .isNull();
            }
            return bySequence;
        }
    }

    private static AppendStreamRequest batch(long sequence, String metric, int samples) {
        AppendRequest.Builder b = AppendRequest.newBuilder();
        for (int i = 0; i < samples; i++) {
            b.addSamples(Sample.newBuilder().setMetric(metric).setTimestampMs(1_000L * (i + 1)).setValue(i)
                    .putLabels("via", "stream"));
        }
        return AppendStreamRequest.newBuilder().setSequence(sequence).setBatch(b).build();
    }

    @Test
    void batchesAreAnsweredBySequenceAndReadableThroughSlice() throws Exception {
        Answers answers = new Answers();
        StreamObserver<AppendStreamRequest> requests = StoreServiceGrpc.newStub(channel).appendStream(answers);
        // Several batches in flight at once, each a different size so that an answer matched to the wrong
        // sequence would show.
        for (int i = 1; i <= 6; i++) {
            requests.onNext(batch(100 + i, "stream.test." + i, i));
        }

        Map<Long, AppendStreamResponse> got = answers.take(6);
        for (int i = 1; i <= 6; i++) {
            AppendStreamResponse r = got.get(100L + i);
            assertThat(r).as("answer to sequence %d", 100 + i).isNotNull();
            assertThat(r.getError()).isEmpty();
            assertThat(r.getResult().getAppended()).isEqualTo(i);
            assertThat(r.getResult().getRejectionsList()).isEmpty();
        }
        // An answer means stored: every batch is readable at once.
        for (int i = 1; i <= 6; i++) {
            SliceResponse slice = store.slice(SliceRequest.newBuilder().setMetric("stream.test." + i).setN(100)
                    .build());
            assertThat(slice.getSeries(0).getLabelsMap()).containsEntry("via", "stream");
            assertThat(slice.getSeries(0).getPointsCount()).isEqualTo(i);
        }

        requests.onCompleted();
        answers.closed.get(10, TimeUnit.SECONDS);
        assertThat(answers.received).isEmpty();
    }

    @Test
    void aBadBatchIsAnsweredWithAnErrorAndTheStreamGoesOn() throws Exception {
        Answers answers = new Answers();
        StreamObserver<AppendStreamRequest> requests = StoreServiceGrpc.newStub(channel).appendStream(answers);

        requests.onNext(AppendStreamRequest.newBuilder().setSequence(1).setBatch(AppendRequest.newBuilder()
                .addSamples(Sample.newBuilder().setMetric("stream.bad").setTimestampMs(1_000).setValue(1))
                .addSamples(Sample.newBuilder().setMetric("").setTimestampMs(1_000).setValue(2))).build());
        AppendStreamResponse bad = answers.take(1).get(1L);
        assertThat(bad.getError()).isEqualTo("INVALID_ARGUMENT: sample 1: metric name is empty");
        assertThat(bad.hasResult()).isFalse();

        // The stream is still open: the next batch is stored.
        requests.onNext(batch(2, "stream.after.bad", 3));
        AppendStreamResponse good = answers.take(1).get(2L);
        assertThat(good.getError()).isEmpty();
        assertThat(good.getResult().getAppended()).isEqualTo(3);

        // Nothing of the bad batch was stored, not even its valid sample.
        assertThat(store.slice(SliceRequest.newBuilder().setMetric("stream.bad").setN(5).build()).getSeriesList())
                .isEmpty();
        assertThat(store.slice(SliceRequest.newBuilder().setMetric("stream.after.bad").setN(5).build())
                .getSeries(0).getPointsCount()).isEqualTo(3);

        requests.onCompleted();
        answers.closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void unaryAppendRefusesAnEmptyMetricNameToo() {
        assertThatThrownBy(() -> store.append(AppendRequest.newBuilder()
                .addSamples(Sample.newBuilder().setMetric("").setTimestampMs(1_000).setValue(1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("sample 0: metric name is empty");
                });
    }
}
