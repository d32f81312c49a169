package dta.observatory.alert.api;

import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.pipeline.AlertPipeline;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code /api/v1/alerts}: what fired, and acknowledging it. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    private final AlertLog log;
    private final AlertPipeline pipeline;
    private final ObjectMapper json;

    AlertsResource(AlertLog log, AlertPipeline pipeline, ObjectMapper json) {
        this.log = log;
        this.pipeline = pipeline;
        this.json = json;
    }

    /** An alert in JSON. */
    public record AlertJson(String id, String status, String rule, String metric, Map<String, String> labels,
            double value, String comparator, double threshold, String severity, String summary, String description,
            long observedAtMs, long receivedAtMs, boolean acknowledged, String acknowledgedBy, Long acknowledgedAtMs) {

        static AlertJson of(AlertRecord r) {
            AlertEvent e = r.event();
            return new AlertJson(r.id(), e.status().name().toLowerCase(Locale.ROOT), e.ruleId(), e.metric(), e.labels(),
                    e.value(), e.comparator(), e.threshold(), e.severity(), e.summary(), e.description(), e.observedAtMs(),
                    r.receivedAtMs(), r.acknowledged(), r.acknowledgedBy(),
                    r.acknowledged() ? r.acknowledgedAtMs() : null);
        }
    }

    public record AlertsJson(List<AlertJson> alerts) {
    }


    @GET
    @Operation(summary = "Alerts received, newest first; filter by rule, status (firing, resolved) and time "
            + "received: since (inclusive) and until (exclusive), ms since epoch or ISO-8601")
    public AlertsJson list(@QueryParam("rule") String rule, @QueryParam("status") String status,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        AlertEvent.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = AlertEvent.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be firing or resolved, got '" + status + "'");
            }
        }
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, got " + limit);
        }
        long from = ApiTimes.parse("since", since, 0);
        long to = ApiTimes.parse("until", until, Long.MAX_VALUE);
        return new AlertsJson(log.list(rule, wanted, from, to, limit).stream().map(AlertJson::of).toList());
    }

    @POST
    @Path("/{id}/ack")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Acknowledge an alert; who acknowledges comes from ?by= or a body {\"by\": \"name\"}, "
            + "both optional")
    public AlertJson acknowledge(@PathParam("id") String id, @QueryParam("by") String byParam, String body) {
        String by = byParam != null ? byParam : byFromBody(body);
        return pipeline.acknowledge(id, by).map(AlertJson::of)
                .orElseThrow(() -> new NotFoundException("no alert with id '" + id + "'"));
    }

    private String byFromBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode by = json.readTree(body).get("by");
            return by == null || by.isNull() ? null : by.asText();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body must be JSON such as {\"by\": \"name\"}: " + e.getOriginalMessage());
        }
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unavailable(java.io.UncheckedIOException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "not recorded: " + e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage())).build();
    }
}
