package dta.observatory.alert.api;

import dta.observatory.alert.pipeline.AlertPipeline;
import dta.observatory.alert.silence.MaintenanceWindow;
import dta.observatory.alert.silence.Silence;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code /api/v1/silences}: mute matching alerts for a while; the configured maintenance windows. */
@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilencesResource {

    /** A silence to create: matchers such as "rule=pay-ok", start (0/absent: now) and end, ms or ISO-8601. */
    public record SilenceRequest(List<String> matchers, String startsAt, String endsAt, String createdBy,
            String comment) {
    }

    /** A silence as the API shows it, with its state now (pending, active, expired). */
    public record SilenceJson(String id, List<String> matchers, long startsAtMs, long endsAtMs, String createdBy,
            String comment, String state) {

        static SilenceJson of(Silence s) {
            return new SilenceJson(s.id(), s.matchers(), s.startsAtMs(), s.endsAtMs(), s.createdBy(), s.comment(),
                    s.state(System.currentTimeMillis()));
        }
    }

    /** A configured recurring window. */
    public record WindowJson(String name, List<String> matchers, List<String> days, String start, String duration,
            String zone, boolean activeNow) {
    }

    public record SilencesJson(List<SilenceJson> silences, List<WindowJson> maintenanceWindows) {
    }

    private final AlertPipeline pipeline;
    private final ApiErrors errors;

    SilencesResource(AlertPipeline pipeline, ApiErrors errors) {
        this.pipeline = pipeline;
        this.errors = errors;
    }

    @GET
    @Operation(summary = "Silences (newest last) and the configured maintenance windows")
    public SilencesJson list() {
        long now = System.currentTimeMillis();
        return new SilencesJson(pipeline.silences().list().stream().map(SilenceJson::of).toList(),
                pipeline.silences().windows().stream().map(w -> window(w, now)).toList());
    }

    private static WindowJson window(MaintenanceWindow w, long now) {
        return new WindowJson(w.name(), w.matchers().stream().map(Object::toString).toList(),
                w.days().stream().sorted().map(Enum::name).toList(), w.start().toString(), w.duration().toString(),
                w.zone().getId(), w.activeAt(now));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a silence: {\"matchers\":[\"rule=pay-ok\"],\"endsAt\":\"2026-11-25T06:00:00Z\","
            + "\"createdBy\":\"ops\",\"comment\":\"deploy\"}")
    public Response create(SilenceRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("body must be JSON with matchers and endsAt");
        }
        Silence s = pipeline.createSilence(request.matchers(), ApiTimes.parse("startsAt", request.startsAt(), 0),
                ApiTimes.parse("endsAt", request.endsAt(), 0), request.createdBy(), request.comment());
        return Response.status(Response.Status.CREATED).entity(SilenceJson.of(s)).build();
    }

    @GET
    @Path("/{id}")
    public SilenceJson get(@PathParam("id") String id) {
        return SilenceJson.of(pipeline.silence(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Expire a silence now (it stays listed as expired)")
    public SilenceJson expire(@PathParam("id") String id) {
        return SilenceJson.of(pipeline.expireSilence(id));
    }

    @ServerExceptionMapper({IllegalArgumentException.class, NoSuchElementException.class})
    public Response refused(RuntimeException e) {
        return errors.of(e);
    }
}
