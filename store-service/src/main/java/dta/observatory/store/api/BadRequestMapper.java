package dta.observatory.store.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Validation failures become 400 with a JSON body that says what is wrong. */
public class BadRequestMapper {

    private final RefusedQueries refused;

    BadRequestMapper(RefusedQueries refused) {
        this.refused = refused;
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        refused.rest();
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }
}
