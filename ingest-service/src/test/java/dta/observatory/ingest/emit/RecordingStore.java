package dta.observatory.ingest.emit;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.AppendStreamRequest;
import dta.observatory.api.v1.AppendStreamResponse;
import dta.observatory.api.v1.Sample;
import io.grpc.Status;
import dta.observatory.api.v1.MutinyStoreServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the store inside ingest's own test application (in test mode Quarkus points the "store" client at
 * the application itself). The real store is exercised across processes in e2e-tests.
 */
@GrpcService
public class RecordingStore extends MutinyStoreServiceGrpc.StoreServiceImplBase {

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

    /** What ingest's pipeline uses: each batch as {@link #append}; while down, the stream fails with UNAVAILABLE. */
    @Override
    public Multi<AppendStreamResponse> appendStream(Multi<AppendStreamRequest> requests) {
        return requests.onItem().transformToUniAndConcatenate(r -> append(r.getBatch())
                .map(ok -> AppendStreamResponse.newBuilder().setSequence(r.getSequence()).setResult(ok).build()));
    }
}
