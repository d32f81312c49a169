package dta.observatory.store.api;

import dta.observatory.api.v1.SliceBatchRequest;
import dta.observatory.api.v1.SliceBatchResponse;
import dta.observatory.api.v1.StoreBatchService;
import dta.observatory.store.query.StoreQueries;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * dta.v1.StoreBatchService: many slices per call, so the watcher reads 10,000 rule windows with a few calls per
 * cycle. Each item is answered exactly as Slice answers it.
 */
@GrpcService
public class StoreBatchGrpcService implements StoreBatchService {

    /** The largest SliceBatch: bounds the work (and the answer) of one call. */
    static final int MAX_BATCH_ITEMS = 1_000;

    private final StoreQueries queries;

    StoreBatchGrpcService(StoreQueries queries) {
        this.queries = queries;
    }

    @Override
    @Blocking
    public Uni<SliceBatchResponse> sliceBatch(SliceBatchRequest request) {
        if (request.getItemsCount() > MAX_BATCH_ITEMS) {
            return invalid("at most " + MAX_BATCH_ITEMS + " items per SliceBatch, got " + request.getItemsCount());
        }
        SliceBatchResponse.Builder reply = SliceBatchResponse.newBuilder();
        for (int i = 0; i < request.getItemsCount(); i++) {
            try {
                reply.addResults(StoreGrpcService.sliceOne(queries, request.getItems(i)));
            } catch (IllegalArgumentException e) {
                return invalid("item " + i + ": " + e.getMessage());
            }
        }
        return Uni.createFrom().item(reply.build());
    }

    private static <T> Uni<T> invalid(String message) {
        return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }
}
