package dta.observatory.ingest.emit;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.IngestService;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dta.observatory.ingest.edge.GrpcAuthInterceptor;
import dta.observatory.ingest.floodguard.FloodedException;
import dta.observatory.ingest.forward.StoreUnavailableException;
import dta.observatory.ingest.kafka.KafkaUnavailableException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
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
        String source = GrpcAuthInterceptor.currentSource(); // read on the call's thread, where the Context is
        return Uni.createFrom().deferred(() -> pipeline.emit(request.getSamplesList(), source))
                .map(IngestGrpcService::refuseIfNothingAccepted)
                .onFailure().transform(IngestGrpcService::toStatus);
    }

    @Override
    public Uni<EmitResponse> emitStream(Multi<EmitRequest> requests) {
        String source = GrpcAuthInterceptor.currentSource();
        // One batch at a time, in order: the store sees a stream's batches as the client sent them.
        return requests.onItem().transformToUniAndConcatenate(r -> Uni.createFrom().deferred(
                        () -> pipeline.emit(r.getSamplesList(), source)))
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

    /** Also used by the OTLP service: the same errors, the same statuses. */
    public static Throwable toStatus(Throwable e) {
        if (e instanceof FloodedException f) {
            return resourceExhausted(f);
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof KafkaUnavailableException) { // cluster mode: slow down and retry here
            return resourceExhausted(e.getMessage(), KafkaUnavailableException.RETRY_AFTER_MS);
        }
        if (e instanceof StoreUnavailableException) {
            return Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
        return e;
    }

    /** RESOURCE_EXHAUSTED with a google.rpc.RetryInfo detail saying when to retry. */
    public static Throwable resourceExhausted(FloodedException f) {
        return resourceExhausted(f.getMessage(), f.retryAfterMillis());
    }

    private static Throwable resourceExhausted(String message, long ms) {
        RetryInfo retry = RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder().setSeconds(ms / 1000)
                .setNanos((int) (ms % 1000) * 1_000_000)).build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE).setMessage(message).addDetails(Any.pack(retry)).build());
    }
}
