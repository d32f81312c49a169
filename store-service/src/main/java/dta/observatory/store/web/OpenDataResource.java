package dta.observatory.store.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.store.cluster.query.Partiality;
import dta.observatory.store.cluster.query.Sharded;
import dta.observatory.store.opendata.ETags;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.opendata.KpiCalculator;
import dta.observatory.store.opendata.KpiCsv;
import dta.observatory.store.opendata.KpiDefinition;
import dta.observatory.store.opendata.KpiRow;
import dta.observatory.store.opendata.OpenDataCatalog;
import dta.observatory.store.opendata.RateLimiter;
import dta.observatory.store.query.QueryParams;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.cluster.query.ClusterWide;
import dta.observatory.store.storage.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Public, read-only, unauthenticated open-data API: only aggregated KPIs leave (see {@link KpiCalculator}).
 * Separate from the SRE API under /api/v1, which may require a token.
 */
@Path("/open-data/v1/kpis")
@Blocking
@Singleton
public class OpenDataResource {

    private static final String CSV = "text/csv; charset=utf-8";
    private static final String JSON = "application/json";
    /** Longest window one request may cover, in periods, so one call cannot scan years of raw data. */
    static final long MAX_PERIODS = 400;

    private final Storage storage;
    private final OpenDataConfig config;
    private final Map<String, KpiDefinition> kpis;
    private final RateLimiter limiter;
    private final ObjectMapper json;

    OpenDataResource(@ClusterWide Storage storage, OpenDataConfig config, ObjectMapper json, MeterRegistry registry) {
        this.storage = storage;
        this.config = config;
        this.json = json;
        this.kpis = config.definitions().stream()
                .collect(Collectors.toMap(KpiDefinition::name, k -> k, (a, b) -> a, LinkedHashMap::new));
        this.limiter = new RateLimiter(config.requestsPerMinute(), config.maxClients(), System::nanoTime);
        registry.gauge("dta.store.opendata.rate_limited", limiter, RateLimiter::refused);
    }

    /** A KPI's answer in JSON. */
    public record KpiJson(String name, String title, String unit, String aggregate, String period,
            List<String> breakdown, int minGroupSize, String from, String to, List<RowJson> rows) {
    }

    /** One row in JSON; {@code value} is null exactly when {@code suppressed}. */
    public record RowJson(String periodStart, String periodEnd, Map<String, String> group, Double value,
            boolean suppressed) {
        static RowJson of(KpiRow r) {
            return new RowJson(Instant.ofEpochMilli(r.periodStartMs()).toString(),
                    Instant.ofEpochMilli(r.periodEndMs()).toString(), r.group(), r.value(), r.suppressed());
        }
    }

    @GET
    @Operation(summary = "Catalogue of the published KPIs (DCAT terms, JSON-LD)")
    public Response catalogue(@Context UriInfo uri, @Context HttpServerRequest request,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws JsonProcessingException {
        Response limited = limit(request);
        if (limited != null) {
            return limited;
        }
        Map<String, Long> newest = storage.listMetrics("").stream().filter(m -> m.lastTimestampMs() != 0)
                .collect(Collectors.toMap(MetricSummary::name, MetricSummary::lastTimestampMs, (a, b) -> a));
        Function<KpiDefinition, Long> modified = k -> newest.get(k.metric());
        String base = uri.getBaseUriBuilder().path("open-data/v1/kpis").build().toString();
        Map<String, Object> catalogue = OpenDataCatalog.build(new OpenDataCatalog.Publisher(config.title(),
                config.description(), config.publisher(), config.license()), List.copyOf(kpis.values()), base,
                modified);
        return cached(json.writeValueAsString(catalogue), "application/ld+json", ifNoneMatch);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One KPI between from and to, as JSON, or CSV with Accept: text/csv or a .csv suffix")
    public Response kpi(@PathParam("name") String nameOrFile, @QueryParam("from") String from,
            @QueryParam("to") String to, @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context HttpServerRequest request)
            throws JsonProcessingException {
        Response limited = limit(request);
        if (limited != null) {
            return limited;
        }
        boolean csv = nameOrFile.endsWith(".csv") || (accept != null && accept.contains("text/csv"));
        String name = nameOrFile.endsWith(".csv") ? nameOrFile.substring(0, nameOrFile.length() - 4) : nameOrFile;
        KpiDefinition kpi = kpis.get(name);
        if (kpi == null) {
            throw new NotFoundException("no KPI named '" + name + "'; the catalogue at /open-data/v1/kpis lists them");
        }
        long now = System.currentTimeMillis();
        long toMs = QueryParams.instantMs("to", to, now);
        long fromMs = QueryParams.instantMs("from", from, toMs - 7 * kpi.period().ms());
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if ((toMs - fromMs) / kpi.period().ms() > MAX_PERIODS) {
            throw new IllegalArgumentException("from..to spans more than " + MAX_PERIODS + " " + kpi.period().wireName()
                    + " periods; ask for a shorter window");
        }
        long alignedFrom = kpi.period().floor(fromMs);
        Sharded<QueryResult> data = Partiality.collect(() -> storage.range(kpi.metric(), kpi.matchers(), alignedFrom,
                toMs - 1));
        if (data.partial()) {
            // A public, cached figure computed without some shards would be wrong for everyone who fetches it.
            return Response.status(503).type(JSON).header("Retry-After", 30).entity(Map.of("error",
                    "the data of this KPI is incomplete right now (" + data.missing().size()
                            + " store shard(s) unavailable); retry later")).build();
        }
        List<KpiRow> rows = KpiCalculator.compute(kpi, data.value().series(), fromMs, toMs);
        if (csv) {
            return cached(KpiCsv.write(kpi, rows), CSV, ifNoneMatch);
        }
        KpiJson body = new KpiJson(kpi.name(), kpi.title(), kpi.unit(), kpi.aggregate().wireName(),
                kpi.period().wireName(), kpi.breakdown(), kpi.minGroupSize(), Instant.ofEpochMilli(fromMs).toString(),
                Instant.ofEpochMilli(toMs).toString(), rows.stream().map(RowJson::of).toList());
        return cached(json.writeValueAsString(body), JSON, ifNoneMatch);
    }

    private Response cached(String body, String type, String ifNoneMatch) {
        String etag = ETags.of(body);
        String cacheControl = "public, max-age=" + config.cacheMaxAgeSeconds();
        if (ETags.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .build();
        }
        return Response.ok(body, type).header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("Access-Control-Allow-Origin", "*").build();
    }

    private Response limit(HttpServerRequest request) {
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (limiter.tryAcquire(client)) {
            return null;
        }
        return Response.status(429).type(JSON).header("Retry-After", limiter.retryAfterSeconds(client))
                .entity(Map.of("error", "rate limit of " + config.requestsPerMinute()
                        + " requests a minute per client exceeded; retry later"))
                .build();
    }
}
