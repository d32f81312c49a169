package dta.observatory.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.NoDataReason;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.SliceBatchRequest;
import dta.observatory.api.v1.SliceBatchResponse;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.StoreBatchServiceGrpc;
import dta.observatory.api.v1.StoreServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** SliceBatch: many slices in one call, answered in order, each as Slice would, with since_ms honoured. */
@QuarkusTest
class SliceBatchTest {

    @GrpcClient("store")
    StoreServiceGrpc.StoreServiceBlockingStub store;

    @GrpcClient("store")
    StoreBatchServiceGrpc.StoreBatchServiceBlockingStub batch;

    private static Sample sample(String metric, long t, double v) {
        return Sample.newBuilder().setMetric(metric).setTimestampMs(t).setValue(v).build();
    }

    @Test
    void answersEveryItemInOrderAndHonoursSince() {
        store.append(AppendRequest.newBuilder().addSamples(sample("batch.a", 1_000, 1))
                .addSamples(sample("batch.a", 2_000, 2)).addSamples(sample("batch.a", 3_000, 3))
                .addSamples(sample("batch.b", 1_000, 10)).build());

        SliceBatchResponse reply = batch.sliceBatch(SliceBatchRequest.newBuilder()
                .addItems(SliceRequest.newBuilder().setMetric("batch.b").setN(5))
                .addItems(SliceRequest.newBuilder().setMetric("batch.none").setN(5))
                .addItems(SliceRequest.newBuilder().setMetric("batch.a").setN(10).setSinceMs(2_000))
                .addItems(SliceRequest.newBuilder().setMetric("batch.b").setN(5).setSinceMs(5_000)).build());

        assertThat(reply.getResultsCount()).isEqualTo(4);
        assertThat(reply.getResults(0).getSeries(0).getPointsList()).extracting(p -> p.getValue())
                .containsExactly(10.0);
        assertThat(reply.getResults(1).getNoData()).isEqualTo(NoDataReason.NO_DATA_REASON_UNKNOWN_METRIC);
        assertThat(reply.getResults(2).getSeries(0).getPointsList()).extracting(p -> p.getValue())
                .containsExactly(2.0, 3.0);
        assertThat(reply.getResults(3).getNoData()).isEqualTo(NoDataReason.NO_DATA_REASON_EMPTY_RANGE);
    }

    @Test
    void aBadItemFailsTheCallNamingItsIndex() {
        assertThatThrownBy(() -> batch.sliceBatch(SliceBatchRequest.newBuilder()
                .addItems(SliceRequest.newBuilder().setMetric("batch.a").setN(5))
                .addItems(SliceRequest.newBuilder().setMetric("batch.a").setN(0)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("item 1: ");
                });
    }
}
