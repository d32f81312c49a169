package dta.observatory.store.web;

import dta.observatory.store.cluster.query.Partiality;
import dta.observatory.store.cluster.query.Sharded;
import dta.observatory.store.federate.Federation;
import dta.observatory.store.federate.SeriesSelector;
import dta.observatory.store.cluster.query.ClusterWide;
import dta.observatory.store.storage.Storage;
import dta.observatory.support.Durations;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /federate?match[]=...}: the newest point of each matching series, for a federating Prometheus. */
@Path("/federate")
@Blocking
public class FederateResource {

    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final Federation federation;

    FederateResource(@ClusterWide Storage storage, @ConfigProperty(name = "dta.store.federate.lookback") String lookback) {
        this.federation = new Federation(storage, Durations.parseMillis("dta.store.federate.lookback", lookback));
    }

    @GET
    @Operation(summary = "Prometheus text exposition of the newest point of every series matching match[]")
    public Response federate(@QueryParam("match[]") List<String> match) {
        if (match == null || match.isEmpty()) {
            throw new IllegalArgumentException("at least one match[] selector is required, e.g. "
                    + "/federate?match[]={__name__=~\".+\"}");
        }
        List<SeriesSelector> selectors = match.stream().map(SeriesSelector::parse).toList();
        Sharded<String> answer = Partiality.collect(() -> Federation.format(federation.collect(selectors,
                System.currentTimeMillis())));
        if (!answer.partial()) {
            return Response.ok(answer.value(), TEXT_FORMAT).build();
        }
        // A clustered store lacking shards: say so in comment lines (scrapers skip them) and a header, never silently.
        StringBuilder body = new StringBuilder();
        answer.missing().forEach(m -> body.append("# partial: ").append(m.message().replace('\n', ' ')).append('\n'));
        return Response.ok(body.append(answer.value()).toString(), TEXT_FORMAT)
                .header("X-DTA-Partial", answer.missing().stream().map(m -> Integer.toString(m.shard()))
                        .collect(java.util.stream.Collectors.joining(","))).build();
    }
}
