package dta.observatory.ingest.forward;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import io.smallrye.mutiny.Uni;

/**
 * Where validated samples go. The returned Uni completes only after the store accepted the batch, and fails with
 * {@link StoreUnavailableException} when it could not: ingest never acknowledges a batch the store did not take.
 */
public interface StoreWriter {

    Uni<AppendResponse> append(AppendRequest request);
}
