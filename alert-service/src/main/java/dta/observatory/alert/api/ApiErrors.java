package dta.observatory.alert.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Turns the refusals of the logic into API errors, the same way for REST and gRPC, and counts them in
 * dta_alert_api_errors_total{status} (the HTTP status; a gRPC refusal counts under its HTTP equivalent).
 * IllegalArgumentException: bad input (400 / INVALID_ARGUMENT); NoSuchElementException: unknown id (404 /
 * NOT_FOUND); IllegalStateException: wrong state, e.g. claiming a claimed task (409 / FAILED_PRECONDITION).
 */
@Singleton
public class ApiErrors {

    private final MeterRegistry registry;

    ApiErrors(MeterRegistry registry) {
        this.registry = registry;
    }

    /** True for the exceptions the logic throws to refuse a request. */
    static boolean isRefusal(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof NoSuchElementException
                || e instanceof IllegalStateException || e instanceof NullPointerException;
    }

    private static Response.Status httpStatus(RuntimeException e) {
        return e instanceof NoSuchElementException ? Response.Status.NOT_FOUND
                : e instanceof IllegalStateException ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void count(Response.Status status) {
        registry.counter("dta.alert.api.errors", "status", String.valueOf(status.getStatusCode())).increment();
    }

    Response of(RuntimeException e) {
        Response.Status status = httpStatus(e);
        count(status);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message(e))).build();
    }

    StatusRuntimeException grpc(RuntimeException e) {
        Response.Status http = httpStatus(e);
        count(http);
        Status status = switch (http) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.FAILED_PRECONDITION;
            default -> Status.INVALID_ARGUMENT;
        };
        return status.withDescription(message(e)).asRuntimeException();
    }
}
