package dta.observatory.ingest.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.RejectReason;
import dta.observatory.api.v1.Rejection;
import dta.observatory.api.v1.Sample;
import dta.observatory.ingest.forward.StoreUnavailableException;
import dta.observatory.ingest.validation.SampleValidator;
import dta.observatory.ingest.validation.ValidationLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmitPipelineTest {

    private static final long NOW = 1_800_000_000_000L;
    private final List<AppendRequest> stored = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private boolean storeDown;
    private final EmitPipeline pipeline = new EmitPipeline(new SampleValidator(ValidationLimits.DEFAULTS), request -> {
        if (storeDown) {
            return Uni.createFrom().failure(new StoreUnavailableException("store did not take the batch", null));
        }
        stored.add(request);
        return Uni.createFrom().item(AppendResponse.newBuilder().setAppended(request.getSamplesCount()).build());
    }, new IngestMetrics(registry), () -> NOW);

    private static Sample sample(String metric, double value) {
        return Sample.newBuilder().setMetric(metric).setValue(value).build();
    }

    @Test
    void storesTheValidSamplesOfAMixedBatchAndReportsTheOthersByIndex() {
        EmitResponse reply = pipeline.emit(List.of(sample("ok.one", 1), sample("", 1), sample("ok.two", Double.NaN),
                sample("ok.three", 3))).await().indefinitely();
        assertThat(reply.getAccepted()).isEqualTo(2);
        assertThat(reply.getRejected()).isEqualTo(2);
        assertThat(reply.getRejectionsList()).extracting(Rejection::getIndex, Rejection::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, RejectReason.REJECT_REASON_EMPTY_NAME),
                org.assertj.core.groups.Tuple.tuple(2, RejectReason.REJECT_REASON_NON_FINITE_VALUE));
        assertThat(stored.get(0).getSamplesList()).extracting(Sample::getMetric).containsExactly("ok.one", "ok.three");
        assertThat(registry.get("dta.ingest.rejected").tag("reason", "empty_name").counter().count()).isEqualTo(1);
        assertThat(registry.get("dta.ingest.samples.accepted").counter().count()).isEqualTo(2);
    }

    @Test
    void stampsNowOnSamplesWithoutTimestampAndKeepsGivenOnes() {
        pipeline.emit(List.of(sample("a", 1), sample("b", 1).toBuilder().setTimestampMs(NOW - 5).build()))
                .await().indefinitely();
        assertThat(stored.get(0).getSamplesList()).extracting(Sample::getTimestampMs).containsExactly(NOW, NOW - 5);
    }

    @Test
    void sendsNothingToTheStoreWhenEverySampleIsInvalid() {
        EmitResponse reply = pipeline.emit(List.of(sample("", 1))).await().indefinitely();
        assertThat(reply.getAccepted()).isZero();
        assertThat(EmitPipeline.summary(reply)).isEqualTo("all 1 sample(s) rejected; [0] metric name is empty");
        assertThat(stored).isEmpty();
    }

    @Test
    void mapsStoreRejectionsBackToTheClientsIndexes() {
        EmitPipeline pipelineWithPickyStore = new EmitPipeline(new SampleValidator(ValidationLimits.DEFAULTS),
                request -> Uni.createFrom().item(AppendResponse.newBuilder().setAppended(1)
                        .addRejections(Rejection.newBuilder().setIndex(1)
                                .setReason(RejectReason.REJECT_REASON_OUT_OF_ORDER).setMessage("too old")).build()),
                new IngestMetrics(registry), () -> NOW);
        EmitResponse reply = pipelineWithPickyStore.emit(List.of(sample("", 1), sample("a", 1), sample("b", 1)))
                .await().indefinitely();
        assertThat(reply.getRejectionsList()).extracting(Rejection::getIndex).containsExactly(0, 2);
        assertThat(reply.getRejected()).isEqualTo(2);
    }

    @Test
    void failsWhenTheStoreDoesNotTakeTheBatch() {
        storeDown = true;
        assertThatThrownBy(() -> pipeline.emit(List.of(sample("a", 1))).await().indefinitely())
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(registry.get("dta.ingest.store.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void refusesEmptyAndOversizedRequests() {
        assertThatThrownBy(() -> pipeline.emit(List.of())).hasMessage("request has no samples");
        assertThatThrownBy(() -> pipeline.emit(Collections.nCopies(10_001, sample("a", 1))))
                .hasMessage("request has 10001 samples; the limit is 10000 per request");
    }
}
