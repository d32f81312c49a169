package dta.observatory.ingest.emit;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.IngestService;
import dta.observatory.ingest.forward.StoreUnavailableException;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** dta.v1.IngestService: gRPC in, {@link EmitPipeline} does the work. */
@GrpcService
public class IngestGrpcService implements IngestService {

    private final EmitPipeline pipeline;

    IngestGrpcService(EmitPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Uni<EmitResponse> emit(EmitRequest request) {
        return Uni.createFrom().deferred(() -> pipeline.emit(request.getSamplesList()))
                .map(IngestGrpcService::refuseIfNothingAccepted)
                .onFailure().transform(IngestGrpcService::toStatus);
    }

    @Override
    public Uni<EmitResponse> emitStream(Multi<EmitRequest> requests) {
        // One batch at a time, in order: the store sees a stream's batches as the client sent them.
        return requests.onItem().transformToUniAndConcatenate(r -> Uni.createFrom().deferred(
                        () -> pipeline.emit(r.getSamplesList())))
                .collect().in(EmitResponse::newBuilder, (sum, one) -> sum
                        .setAccepted(sum.getAccepted() + one.getAccepted())
                        .setDropped(sum.getDropped() + one.getDropped())
                        .setRejected(sum.getRejected() + one.getRejected())
                        .addAllRejections(one.getRejectionsList()))
                .map(EmitResponse.Builder::build)
                .onFailure().transform(IngestGrpcService::toStatus);
    }

    private static EmitResponse refuseIfNothingAccepted(EmitResponse response) {
        if (response.getAccepted() == 0 && response.getRejected() > 0) {
            throw Status.INVALID_ARGUMENT.withDescription(EmitPipeline.summary(response)).asRuntimeException();
        }
        return response;
    }

    private static Throwable toStatus(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof StoreUnavailableException) {
            return Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
        return e;
    }
}
