package dta.observatory.ingest.emit;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.ListMetricsRequest;
import dta.observatory.api.v1.ListMetricsResponse;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the store inside ingest's own test application (in test mode Quarkus points the "store" client at
 * the application itself). The real store is exercised across processes in e2e-tests.
 */
@GrpcService
public class RecordingStore implements StoreService {

    public static final List<Sample> APPENDED = new CopyOnWriteArrayList<>();
    public static volatile boolean down;

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        if (down) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("store is down").asRuntimeException());
        }
        APPENDED.addAll(request.getSamplesList());
        return Uni.createFrom().item(AppendResponse.newBuilder().setAppended(request.getSamplesCount()).build());
    }

    @Override
    public Uni<SliceResponse> slice(SliceRequest request) {
        return Uni.createFrom().item(SliceResponse.getDefaultInstance());
    }

    @Override
    public Uni<RangeResponse> range(RangeRequest request) {
        return Uni.createFrom().item(RangeResponse.getDefaultInstance());
    }

    @Override
    public Uni<ListMetricsResponse> listMetrics(ListMetricsRequest request) {
        return Uni.createFrom().item(ListMetricsResponse.getDefaultInstance());
    }
}
