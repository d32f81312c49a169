package dta.observatory.ingest.remotewrite;

import dta.observatory.api.v1.EmitResponse;
import dta.observatory.ingest.auth.BearerTokens;
import dta.observatory.ingest.emit.EmitPipeline;
import dta.observatory.ingest.emit.EmitResource;
import dta.observatory.ingest.floodguard.FloodedException;
import dta.observatory.ingest.forward.StoreUnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code POST /api/v1/write}: Prometheus remote_write 1.0 (snappy + protobuf WriteRequest) into the shared
 * {@link EmitPipeline}. Status codes follow the spec: 204 stored; 400 for a body or samples that will never be
 * accepted (Prometheus does not retry it; the valid samples of the request are stored); 429 when the flood guard
 * dropped the whole request and 503 when the store cannot take it (both retried by Prometheus).
 */
@Path("/api/v1/write")
public class RemoteWriteResource {

    private final EmitPipeline pipeline;
    private final BearerTokens tokens;
    private final WriteRequestDecoder decoder = new WriteRequestDecoder();

    RemoteWriteResource(EmitPipeline pipeline, BearerTokens tokens) {
        this.pipeline = pipeline;
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Prometheus remote_write 1.0; 204 once stored, 400 never retried, 429/503 retried")
    public Uni<Response> write(byte[] body, @HeaderParam("Authorization") String authorization) {
        String source = tokens.sourceFor(authorization); // HttpAuthFilter already refused unknown tokens
        return Uni.createFrom().deferred(() -> {
            WriteRequestDecoder.Decoded decoded = decoder.decode(body);
            if (decoded.samples().isEmpty()) {
                return Uni.createFrom().item(Response.noContent().build()); // only stale markers, or empty
            }
            return pipeline.emit(decoded.samples(), source == null ? "" : source).map(RemoteWriteResource::toResponse);
        });
    }

    private static Response toResponse(EmitResponse r) {
        if (r.getRejected() > 0) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN)
                    .entity(r.getAccepted() + " sample(s) stored, " + r.getRejected() + " rejected: "
                            + EmitPipeline.summary(r).replaceFirst("^all \\d+ sample\\(s\\) rejected; ", ""))
                    .build();
        }
        return Response.noContent().build();
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build();
    }

    @ServerExceptionMapper
    public Response flooded(FloodedException e) {
        return EmitResource.tooManyRequests(e);
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build();
    }
}
