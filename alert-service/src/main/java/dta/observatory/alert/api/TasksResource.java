package dta.observatory.alert.api;

import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.hitl.TaskQueue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code /api/v1/tasks}: the human-in-the-loop queue (open → claimed → done). */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    /** Who acts, and the text of a comment or the resolution of a close. */
    public record ActionRequest(String by, String text) {
    }

    public record TasksJson(List<Task> tasks) {
    }

    private final TaskQueue tasks;
    private final ApiErrors errors;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    TasksResource(TaskQueue tasks, ApiErrors errors, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.tasks = tasks;
        this.errors = errors;
        this.json = json;
    }

    @GET
    @Operation(summary = "Tasks, newest first; ?state=open|claimed|done")
    public TasksJson list(@QueryParam("state") String state) {
        Task.State wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = Task.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state must be open, claimed or done, got '" + state + "'");
            }
        }
        return new TasksJson(tasks.list(wanted));
    }

    @GET
    @Path("/{id}")
    public Task get(@PathParam("id") String id) {
        return tasks.task(id);
    }

    @POST
    @Path("/{id}/claim")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Claim an open task: {\"by\":\"name\"}; 409 if already claimed or done")
    public Task claim(@PathParam("id") String id, String body) {
        return tasks.claim(id, action(body).by());
    }

    @POST
    @Path("/{id}/comment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Comment on a task: {\"by\":\"name\",\"text\":\"what I did\"}")
    public Task comment(@PathParam("id") String id, ActionRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("body must be JSON with text");
        }
        return tasks.comment(id, request.by(), request.text());
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Close a task: {\"by\":\"name\",\"text\":\"resolution\"}; 409 if already done")
    public Task close(@PathParam("id") String id, String body) {
        ActionRequest request = action(body);
        return tasks.close(id, request.by(), request.text());
    }

    /** The optional body of claim and close; no body (or no content type) means "by unknown". */
    private ActionRequest action(String body) {
        if (body == null || body.isBlank()) {
            return new ActionRequest(null, null);
        }
        try {
            return json.readValue(body, ActionRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("body must be JSON such as {\"by\": \"name\"}: "
                    + e.getOriginalMessage());
        }
    }

    @ServerExceptionMapper({IllegalArgumentException.class, IllegalStateException.class,
            NoSuchElementException.class})
    public Response refused(RuntimeException e) {
        return errors.of(e);
    }
}
