package dta.observatory.store.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dta.observatory.store.api.StoreResource;
import dta.observatory.store.cluster.query.Partiality;
import dta.observatory.store.cluster.query.Sharded;
import dta.observatory.store.dashboard.Sparklines;
import dta.observatory.store.query.QueryParams;
import dta.observatory.store.cluster.query.ClusterWide;
import dta.observatory.store.storage.Storage;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Under /api/v1/dashboard: what the overview page at / needs besides the range API: its peers' URLs and every metric's sparkline. */
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Path("/api/v1/dashboard")
public class DashboardResource {

    private final Storage storage;
    private final String watcherUrl;
    private final String alertUrl;

    DashboardResource(@ClusterWide Storage storage,
            @ConfigProperty(name = "dta.store.dashboard.watcher-url") Optional<String> watcherUrl,
            @ConfigProperty(name = "dta.store.dashboard.alert-url") Optional<String> alertUrl) {
        this.storage = storage;
        this.watcherUrl = watcherUrl.map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        this.alertUrl = alertUrl.map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }

    /** Where the overview's panels read rule states and alerts (null: not configured). */
    public record DashboardConfig(String watcherUrl, String alertUrl) {
    }

    /** {@code partial} and {@code warnings} only when a clustered store lacks shards (as the /api/v1 answers). */
    public record SparklinesJson(long fromMs, long toMs, int buckets, List<Sparklines.Sparkline> metrics,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings) {
    }

    @GET
    @Path("config")
    @Operation(summary = "The overview page's configuration: watcher and alert service URLs")
    public DashboardConfig config() {
        return new DashboardConfig(watcherUrl, alertUrl);
    }

    @GET
    @Path("sparklines")
    @Operation(summary = "Every metric's newest point and a fixed-size line over a window, in one call")
    public SparklinesJson sparklines(@QueryParam("prefix") @DefaultValue("") String prefix,
            @QueryParam("span") @DefaultValue("1h") String span,
            @QueryParam("buckets") @DefaultValue("60") int buckets) {
        long spanMs = QueryParams.durationMs("span", span);
        if (spanMs <= 0) {
            throw new IllegalArgumentException("'span' must be a positive duration, got '" + span + "'");
        }
        long to = System.currentTimeMillis();
        Sharded<List<Sparklines.Sparkline>> answer = Partiality.collect(() -> Sparklines.compute(storage, prefix,
                to - spanMs, to, buckets));
        return new SparklinesJson(to - spanMs, to, buckets, answer.value(), StoreResource.partialFlag(answer),
                StoreResource.warningLines(answer));
    }
}
