package dta.observatory.alert.api;

import dta.observatory.alert.dispatch.ChannelReport;
import dta.observatory.alert.dispatch.Dispatcher;
import dta.observatory.alert.outbox.NotificationOutbox;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code /api/v1/channels} (status) and {@code /api/v1/dead-letters}. No URL or secret is ever returned. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {

    /** A dead letter: the notification's key, channel, group, alert ids, attempts and last error. */
    public record DeadLetterJson(String id, String channel, String route, String groupKey, String status,
            List<String> alertIds, int attempts, String error, long atMs) {

        static DeadLetterJson of(NotificationOutbox.DeadLetter d) {
            var n = d.notification();
            return new DeadLetterJson(n.idempotencyKey(), n.channel(), n.route(), n.groupKey(), n.status(),
                    n.alertIds(), d.attempts(), d.error(), d.atMs());
        }
    }

    public record DeadLettersJson(List<DeadLetterJson> deadLetters) {
    }

    private final Dispatcher dispatcher;
    private final NotificationOutbox outbox;
    private final ApiErrors errors;

    ChannelsResource(Dispatcher dispatcher, NotificationOutbox outbox, ApiErrors errors) {
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.errors = errors;
    }

    @GET
    @Path("/channels")
    @Operation(summary = "Each configured channel: last success, last error, counts; the outbox depth")
    public ChannelReport channels() {
        return dispatcher.report();
    }

    @GET
    @Path("/dead-letters")
    @Operation(summary = "Notifications given up after every attempt, oldest first")
    public DeadLettersJson deadLetters() {
        return new DeadLettersJson(outbox.deadLetters().stream().map(DeadLetterJson::of).toList());
    }

    @POST
    @Path("/dead-letters/{id}/retry")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Queue a dead letter again (e.g. after fixing the receiver)")
    public Response retry(@PathParam("id") String id) {
        dispatcher.redrive(id);
        return Response.accepted(Map.of("id", id, "state", "pending")).build();
    }

    @ServerExceptionMapper(NoSuchElementException.class)
    public Response refused(RuntimeException e) {
        return errors.of(e);
    }
}
