package dta.observatory.alert.api;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.NoSuchElementException;

/** Turns refusals into JSON errors and counts them (dta_alert_api_errors_total{status}). */
@Singleton
public class ApiErrors {

    private final MeterRegistry registry;

    ApiErrors(MeterRegistry registry) {
        this.registry = registry;
    }

    Response of(RuntimeException e) {
        Response.Status status = e instanceof NoSuchElementException ? Response.Status.NOT_FOUND
                : e instanceof IllegalStateException ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST;
        registry.counter("dta.alert.api.errors", "status", String.valueOf(status.getStatusCode())).increment();
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()))
                .build();
    }
}
