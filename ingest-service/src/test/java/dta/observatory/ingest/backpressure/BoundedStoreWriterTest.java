package dta.observatory.ingest.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.ingest.forward.StoreUnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BoundedStoreWriterTest {

    @Test
    void boundsInFlightAndWaitingAndRefusesTheRest() {
        List<UniEmitter<? super AppendResponse>> pending = new ArrayList<>();
        BoundedStoreWriter writer = new BoundedStoreWriter(
                r -> Uni.createFrom().emitter(pending::add), 2, 1);
        List<CompletableFuture<AppendResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(writer.append(AppendRequest.getDefaultInstance()).subscribeAsCompletionStage());
        }
        assertThat(pending).hasSize(2); // two sent to the store
        assertThat(writer.inFlight()).isEqualTo(2);
        assertThat(writer.waiting()).isEqualTo(1);
        assertThat(calls.get(3)).isCompletedExceptionally();
        assertThat(calls.get(3)).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(StoreUnavailableException.class)
                .withMessageContaining("ingest already has 2 batches in flight to the store and 1 waiting; retry later");
        assertThat(writer.refused()).isEqualTo(1);

        pending.get(0).complete(AppendResponse.newBuilder().setAppended(1).build());
        assertThat(calls.get(0)).isCompletedWithValueMatching(r -> r.getAppended() == 1);
        assertThat(pending).hasSize(3); // the waiting batch took the freed slot
        assertThat(writer.waiting()).isZero();
        pending.get(1).fail(new StoreUnavailableException("down", null));
        pending.get(2).complete(AppendResponse.getDefaultInstance());
        assertThat(calls.get(1)).isCompletedExceptionally();
        assertThat(writer.inFlight()).isZero();
    }
}
