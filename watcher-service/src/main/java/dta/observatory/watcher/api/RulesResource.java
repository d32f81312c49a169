package dta.observatory.watcher.api;

import dta.observatory.support.Durations;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.ThresholdRule;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code /api/v1/rules}: the same rule management as gRPC, in JSON. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private final RuleBook rules;

    RulesResource(RuleBook rules) {
        this.rules = rules;
    }

    /**
     * A rule in JSON. {@code window} is the number of last values; {@code minInterval} a duration such as
     * {@code 300s} or {@code 5m} (default 300s); {@code comparator} a symbol such as {@code <}.
     */
    public record RuleJson(String id, String metric, Map<String, String> matchers, Integer window, String aggregate,
            String comparator, Double threshold, String minInterval, List<String> channels, String severity,
            String summary) {

        ThresholdRule toRule() {
            if (threshold == null) {
                throw new IllegalArgumentException("threshold is required");
            }
            return new ThresholdRule(id == null || id.isBlank() ? RuleMapping.newId() : id, metric, matchers,
                    window == null ? 0 : window, aggregate == null ? null : Aggregate.parse(aggregate),
                    comparator == null ? null : Comparator.parse(comparator), threshold,
                    Duration.ofMillis(Durations.parseMillis("minInterval", minInterval)), channels, severity, summary);
        }

        static RuleJson of(ThresholdRule r) {
            return new RuleJson(r.id(), r.metric(), r.matchers(), r.windowPoints(), r.aggregate().wireName(),
                    r.comparator().symbol(), r.threshold(), r.minInterval().toSeconds() + "s", r.channels(),
                    r.severity(), r.summary());
        }
    }

    /** A rule with its state after the last evaluation. */
    public record RuleViewJson(RuleJson rule, String state, Double lastValue, long lastEvaluatedMs, long lastNotifiedMs,
            String detail) {

        static RuleViewJson of(RuleBook.Entry e) {
            double value = e.status().value();
            return new RuleViewJson(RuleJson.of(e.rule()), e.status().state().name().toLowerCase(Locale.ROOT),
                    Double.isNaN(value) ? null : value, e.status().lastEvaluatedMs(), e.status().lastNotifiedMs(),
                    e.status().detail());
        }
    }

    public record RulesJson(List<RuleViewJson> rules) {
    }

    @GET
    @Operation(summary = "Every rule with its state")
    public RulesJson list() {
        return new RulesJson(rules.all().stream().map(RuleViewJson::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a threshold rule; 201 with the rule, 400 naming the bad field, 409 if the id exists")
    public Response create(RuleJson rule) {
        if (rule == null) {
            throw new IllegalArgumentException("body must be a rule object");
        }
        RuleBook.Entry created = rules.add(rule.toRule());
        return Response.status(Response.Status.CREATED).entity(RuleViewJson.of(created)).build();
    }

    @GET
    @Path("/{id}")
    public RuleViewJson get(@PathParam("id") String id) {
        return rules.get(id).map(RuleViewJson::of).orElseThrow(() -> new NotFoundException("no rule with id '" + id + "'"));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!rules.remove(id)) {
            throw new NotFoundException("no rule with id '" + id + "'");
        }
        return Response.noContent().build();
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(IllegalStateException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
