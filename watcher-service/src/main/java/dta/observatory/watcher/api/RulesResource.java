package dta.observatory.watcher.api;

import dta.observatory.watcher.cluster.ClusterCoordinator;
import dta.observatory.watcher.cluster.ClusterStoreException;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.RuleDocument;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.Templates;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code /api/v1/rules}: the same rule management as gRPC, in JSON. Threshold rules and AutoWatchers are both
 * rules; {@code "type": "auto"} makes an AutoWatcher. Rules loaded from rule files are read-only here (409).
 */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private final RuleBook rules;
    private final Optional<ClusterCoordinator> cluster;

    RulesResource(RuleBook rules, Optional<ClusterCoordinator> cluster) {
        this.rules = rules;
        this.cluster = cluster;
    }

    /** Cluster mode: the rules and states as the shared tables hold them now, whichever replica evaluates them. */
    private RuleBook fresh() {
        cluster.ifPresent(ClusterCoordinator::refresh);
        return rules;
    }

    private RuleViewJson view(RuleBook.Entry e) {
        return RuleViewJson.of(e, cluster.map(c -> c.ownerOf(e.rule().id())).orElse(null));
    }

    /** One series' state (per-series rules). */
    public record SeriesJson(Map<String, String> labels, String state, Double value, Double baseline, Double score,
            long activeSinceMs, String detail, String baselineKind) {
    }

    /** A rule with its state after the last evaluation. */
    public record RuleViewJson(RuleDocument rule, String state, Double lastValue, Double baseline, Double score,
            long activeSinceMs, long lastEvaluatedMs, long lastNotifiedMs, String detail, String summary,
            List<SeriesJson> series, String baselineKind, String owner) {

        static RuleViewJson of(RuleBook.Entry e) {
            return of(e, null);
        }

        /** @param owner cluster mode: the replica whose evaluation this state is (null otherwise, or before any) */
        static RuleViewJson of(RuleBook.Entry e, String owner) {
            RuleStatus s = e.status();
            List<SeriesJson> series = e.rule().perSeries() ? e.seriesSorted().stream()
                    .map(x -> new SeriesJson(x.labels(), name(x.status()), num(x.status().value()),
                            num(x.status().baseline()), num(x.status().score()), x.status().activeSinceMs(),
                            x.status().detail(), kind(x.status()))).toList() : null;
            return new RuleViewJson(RuleDocument.of(e.rule(), e.source()), name(s), num(s.value()), num(s.baseline()),
                    num(s.score()), s.activeSinceMs(), s.lastEvaluatedMs(), s.lastNotifiedMs(), s.detail(),
                    Templates.render(e.rule().summary(), e.rule(), e.rule().matchers(), s), series, kind(s), owner);
        }

        /** Null (left out) for threshold rules and before the first evaluation. */
        private static String kind(RuleStatus s) {
            return s.baselineKind().isEmpty() ? null : s.baselineKind();
        }

        private static String name(RuleStatus s) {
            return s.state().name().toLowerCase(Locale.ROOT);
        }

        private static Double num(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    public record RulesJson(List<RuleViewJson> rules) {
    }

    @GET
    @Operation(summary = "Every rule with its state")
    public RulesJson list() {
        return new RulesJson(fresh().all().stream().map(this::view).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a rule (threshold, or \"type\":\"auto\" for an AutoWatcher); 201, 400 naming the "
            + "bad field, 409 if the id exists")
    public Response create(RuleDocument rule) {
        if (rule == null) {
            throw new IllegalArgumentException("body must be a rule object");
        }
        RuleBook.Entry created = fresh().add(rule.toRule(RuleMapping.newId()));
        return Response.status(Response.Status.CREATED).entity(view(created)).build();
    }

    @GET
    @Path("/{id}")
    public RuleViewJson get(@PathParam("id") String id) {
        return fresh().get(id).map(this::view).orElseThrow(() -> new NotFoundException("no rule with id '" + id + "'"));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a rule (its state starts over); 404 if none, 409 if it comes from a rule file")
    public RuleViewJson update(@PathParam("id") String id, RuleDocument rule) {
        if (rule == null) {
            throw new IllegalArgumentException("body must be a rule object");
        }
        if (rule.id() != null && !rule.id().isBlank() && !rule.id().equals(id)) {
            throw new IllegalArgumentException("id in the body ('" + rule.id() + "') differs from the path ('" + id
                    + "')");
        }
        if (fresh().get(id).isEmpty()) {
            throw new NotFoundException("no rule with id '" + id + "'");
        }
        return view(rules.replace(rule.toRule(id)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!fresh().remove(id)) {
            throw new NotFoundException("no rule with id '" + id + "'");
        }
        return Response.noContent().build();
    }

    @ServerExceptionMapper
    public Response databaseDown(ClusterStoreException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
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
    public Response readOnly(RuleBook.ReadOnlyRuleException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response gone(NoSuchElementException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
