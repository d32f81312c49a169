package dta.observatory.store.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Optional bearer token on the SRE API ({@code /api/v1/*}); off when {@code dta.store.api-token} is unset. The
 * open-data API, the dashboard files and /q/* stay open. The token is never logged.
 */
public class ApiTokenFilter {

    private final byte[] token;

    ApiTokenFilter(@ConfigProperty(name = "dta.store.api-token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> ("Bearer " + t.trim()).getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext ctx) {
        if (token == null || !ctx.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String given = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        // Constant-time comparison: the time taken does not tell how much of a guess was right.
        if (given != null && MessageDigest.isEqual(token, given.trim().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dta-store\"")
                .entity(Map.of("error", "the SRE API needs 'Authorization: Bearer <token>'")).build());
    }
}
