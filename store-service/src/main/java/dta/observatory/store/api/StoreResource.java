package dta.observatory.store.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dta.observatory.store.cluster.query.MissingShard;
import dta.observatory.store.cluster.query.Partiality;
import dta.observatory.store.cluster.query.Sharded;
import dta.observatory.store.query.Aggregation;
import dta.observatory.store.query.QueryParams;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.NoData;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.SeriesPoints;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Read-only JSON API of the store, for dashboards and SREs. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StoreResource {

    private final StoreQueries queries;

    StoreResource(StoreQueries queries) {
        this.queries = queries;
    }

    /** A series in JSON: points as {@code [timestampMs, value]} pairs, like Prometheus' API. */
    public record SeriesJson(String metric, Map<String, String> labels, List<List<Number>> points) {
        static SeriesJson of(SeriesPoints s) {
            return new SeriesJson(s.series().metric(), s.series().labels(),
                    s.points().stream().map(SeriesJson::pair).toList());
        }

        private static List<Number> pair(Point p) {
            return List.of(p.timestampMs(), p.value());
        }
    }

    /**
     * A query's answer; {@code noData} and {@code message} are set only when no point was found; {@code partial}
     * and {@code warnings} (one line per shard that could not answer, as Prometheus' API carries warnings) only when
     * a clustered store lacks shards, absent from complete answers.
     */
    public record QueryJson(String metric, List<SeriesJson> series, String noData, String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings) {
        static QueryJson of(String metric, Sharded<QueryResult> answer) {
            QueryResult result = answer.value();
            String message = switch (result.noData()) {
                case NONE -> null;
                case UNKNOWN_METRIC -> "no data — no metric named '" + metric + "'";
                case EMPTY_RANGE -> "no data — metric '" + metric + "' has no points in this window";
            };
            return new QueryJson(metric, result.series().stream().map(SeriesJson::of).toList(),
                    result.noData() == NoData.NONE ? null : result.noData().name().toLowerCase(Locale.ROOT), message,
                    partialFlag(answer), warningLines(answer));
        }
    }

    /** One metric name with its series count and newest point (null when it has none). */
    public record MetricJson(String name, int seriesCount, Long lastTimestampMs, Double lastValue) {
        static MetricJson of(MetricSummary m) {
            boolean hasPoint = m.lastTimestampMs() != 0;
            return new MetricJson(m.name(), m.seriesCount(), hasPoint ? m.lastTimestampMs() : null,
                    hasPoint ? m.lastValue() : null);
        }
    }

    /** Metric names; {@code partial} and {@code warnings} as in {@link QueryJson}. */
    public record MetricsJson(List<MetricJson> metrics, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings) {
    }

    /** True when shards are missing; null (left out of the JSON) when the answer is complete. */
    public static Boolean partialFlag(Sharded<?> answer) {
        return answer.partial() ? Boolean.TRUE : null;
    }

    /** One line per missing shard; null (left out of the JSON) when the answer is complete. */
    public static List<String> warningLines(Sharded<?> answer) {
        return answer.partial() ? answer.missing().stream().map(MissingShard::message).toList() : null;
    }

    @GET
    @Path("/metrics")
    @Operation(summary = "Metric names the store knows, with series count and newest point")
    public MetricsJson metrics(@QueryParam("prefix") @DefaultValue("") String prefix) {
        Sharded<List<MetricSummary>> answer = Partiality.collect(() -> queries.metrics(prefix));
        return new MetricsJson(answer.value().stream().map(MetricJson::of).toList(), partialFlag(answer),
                warningLines(answer));
    }

    @GET
    @Path("/slice")
    @Operation(summary = "The last n points of a metric (over all matching series together)")
    public QueryJson slice(@QueryParam("metric") String metric,
            @QueryParam("n") @DefaultValue("100") int n,
            @Parameter(description = "label matcher name=value, repeatable") @QueryParam("label") List<String> labels) {
        return QueryJson.of(metric, Partiality.collect(() -> queries.slice(metric, QueryParams.matchers(labels), n)));
    }

    @GET
    @Path("/range")
    @Operation(summary = "Points of a metric between two instants, optionally stepped and aggregated")
    public QueryJson range(@QueryParam("metric") String metric,
            @Parameter(description = "ms since epoch or RFC 3339; default: one hour before 'to'") @QueryParam("from") String from,
            @Parameter(description = "ms since epoch or RFC 3339; default: now") @QueryParam("to") String to,
            @Parameter(description = "bucket width, e.g. 60s or 60000; default: raw points") @QueryParam("step") String step,
            @Parameter(description = "avg, min, max, sum, count, last, rate, p50, p90 or p99; needed with step")
            @QueryParam("agg") String agg,
            @Parameter(description = "the same as agg, spelt out") @QueryParam("aggregate") String aggregate,
            @Parameter(description = "label matcher name=value, repeatable") @QueryParam("label") List<String> labels) {
        long toMs = QueryParams.instantMs("to", to, System.currentTimeMillis());
        long fromMs = QueryParams.instantMs("from", from, toMs - 3_600_000L);
        long stepMs = QueryParams.durationMs("step", step);
        String name = agg == null || agg.isBlank() ? aggregate : agg;
        Aggregation aggregation = name == null || name.isBlank() ? null : Aggregation.parse(name);
        return QueryJson.of(metric, Partiality.collect(() -> queries.range(metric, QueryParams.matchers(labels), fromMs,
                toMs, stepMs, aggregation)));
    }

    /** Prometheus' answer shape for its label API: {@code {"status":"success","data":[...]}}. */
    public record LabelsJson(String status, List<String> data,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings) {
        static LabelsJson of(Sharded<List<String>> answer) {
            return new LabelsJson("success", answer.value(), partialFlag(answer), warningLines(answer));
        }
    }

    @GET
    @Path("/labels")
    @Operation(summary = "Label names of the matching series, sorted, with __name__ (as Prometheus' /api/v1/labels)")
    public LabelsJson labels(@Parameter(description = "only series of this metric") @QueryParam("metric") String metric,
            @Parameter(description = "only series with a point at or after this instant (ms or RFC 3339)")
            @QueryParam("from") String from,
            @Parameter(description = "only series with a point at or before this instant") @QueryParam("to") String to,
            @Parameter(description = "label matcher name=value, repeatable") @QueryParam("label") List<String> labels) {
        LabelQuery query = labelQuery(metric, from, to, labels);
        return LabelsJson.of(Partiality.collect(() -> queries.labelNames(query)));
    }

    @GET
    @Path("/label/{name}/values")
    @Operation(summary = "Values of one label among the matching series, sorted (__name__: metric names)")
    public LabelsJson labelValues(@PathParam("name") String name,
            @Parameter(description = "only series of this metric") @QueryParam("metric") String metric,
            @Parameter(description = "only series with a point at or after this instant (ms or RFC 3339)")
            @QueryParam("from") String from,
            @Parameter(description = "only series with a point at or before this instant") @QueryParam("to") String to,
            @Parameter(description = "label matcher name=value, repeatable") @QueryParam("label") List<String> labels) {
        LabelQuery query = labelQuery(metric, from, to, labels);
        return LabelsJson.of(Partiality.collect(() -> queries.labelValues(name, query)));
    }

    /** Without from/to every series the store knows counts, as Prometheus without start/end. */
    private static LabelQuery labelQuery(String metric, String from, String to, List<String> labels) {
        return new LabelQuery(metric, QueryParams.matchers(labels), QueryParams.instantMs("from", from, Long.MIN_VALUE),
                QueryParams.instantMs("to", to, Long.MAX_VALUE));
    }
}
