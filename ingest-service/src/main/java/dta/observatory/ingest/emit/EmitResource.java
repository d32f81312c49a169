package dta.observatory.ingest.emit;

import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.Rejection;
import dta.observatory.ingest.auth.BearerTokens;
import dta.observatory.ingest.floodguard.FloodedException;
import dta.observatory.ingest.forward.StoreUnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code POST /api/v1/emit}: JSON in, the same pipeline as gRPC. */
@Path("/api/v1/emit")
public class EmitResource {

    private final EmitPipeline pipeline;
    private final JsonSamples json;
    private final BearerTokens tokens;

    EmitResource(EmitPipeline pipeline, JsonSamples json, BearerTokens tokens) {
        this.pipeline = pipeline;
        this.json = json;
        this.tokens = tokens;
    }

    /** The reply body: counts, one entry per refused sample, and an error line when nothing was accepted. */
    public record EmitJson(long accepted, long dropped, long rejected, List<RejectionJson> rejections, String error) {
    }

    public record RejectionJson(int index, String reason, String message) {
        static RejectionJson of(Rejection r) {
            return new RejectionJson(r.getIndex(),
                    r.getReason().name().replace("REJECT_REASON_", "").toLowerCase(Locale.ROOT), r.getMessage());
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Emit one sample or {\"samples\":[...]}; 202 once stored, 400 if every sample is invalid, "
            + "401 without a valid bearer token (when tokens are configured), 429 when the flood guard dropped all, "
            + "503 if the store cannot take them")
    public Uni<Response> emit(String body, @HeaderParam("Authorization") String authorization) {
        // HttpAuthFilter already refused callers without a valid token; this only names the source.
        String source = tokens.sourceFor(authorization);
        return Uni.createFrom().deferred(() -> pipeline.emit(json.parse(body), source == null ? "" : source))
                .map(EmitResource::toResponse);
    }

    private static Response toResponse(EmitResponse r) {
        boolean nothingAccepted = r.getAccepted() == 0 && r.getRejected() > 0;
        EmitJson body = new EmitJson(r.getAccepted(), r.getDropped(), r.getRejected(),
                r.getRejectionsList().stream().map(RejectionJson::of).toList(),
                nothingAccepted ? EmitPipeline.summary(r) : null);
        return Response.status(nothingAccepted ? Response.Status.BAD_REQUEST : Response.Status.ACCEPTED)
                .type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response flooded(FloodedException e) {
        return tooManyRequests(e);
    }

    /** HTTP 429 with Retry-After and the counts; shared with the other HTTP write paths. */
    public static Response tooManyRequests(FloodedException e) {
        return Response.status(429).header("Retry-After", String.valueOf(e.retryAfterSeconds()))
                .type(MediaType.APPLICATION_JSON)
                .entity(new EmitJson(0, e.dropped(), e.rejected(), List.of(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
