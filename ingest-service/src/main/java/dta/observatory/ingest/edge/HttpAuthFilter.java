package dta.observatory.ingest.edge;

import dta.observatory.ingest.auth.BearerTokens;
import dta.observatory.ingest.emit.IngestMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} on every HTTP write path ({@code POST /api/v1/...}); /q/health and
 * /q/metrics are not REST resources and stay open. The source is left in the request property {@link #SOURCE}.
 */
public class HttpAuthFilter {

    /** Request property holding the authenticated source ("" when auth is off). */
    public static final String SOURCE = "dta.ingest.source";

    private final BearerTokens tokens;
    private final IngestMetrics metrics;

    HttpAuthFilter(BearerTokens tokens, IngestMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/v1/")) {
            return null;
        }
        String source = tokens.sourceFor(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (source == null) {
            metrics.unauthenticated();
            return Response.status(Response.Status.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "a valid 'Authorization: Bearer <token>' header is required to write "
                            + "to ingest")).build();
        }
        request.setProperty(SOURCE, source);
        return null;
    }
}
