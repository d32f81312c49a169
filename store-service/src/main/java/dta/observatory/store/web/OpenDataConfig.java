package dta.observatory.store.web;

import dta.observatory.store.opendata.KpiAggregate;
import dta.observatory.store.opendata.KpiDefinition;
import dta.observatory.store.opendata.KpiPeriod;
import dta.observatory.store.query.QueryParams;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code dta.open-data.*}: catalogue metadata, limits and the KPI definitions (see docs/open-data.md). */
@ConfigMapping(prefix = "dta.open-data")
public interface OpenDataConfig {

    @WithDefault("DTA Observatory open data")
    String title();

    @WithDefault("Aggregated, anonymised service KPIs")
    String description();

    @WithDefault("DTA")
    String publisher();

    @WithDefault("https://creativecommons.org/licenses/by/4.0/")
    String license();

    /** Requests a minute per client address. */
    @WithDefault("60")
    int requestsPerMinute();

    /** Client addresses tracked by the rate limiter. */
    @WithDefault("10000")
    int maxClients();

    /** Cache-Control max-age of KPI answers, in seconds. */
    @WithDefault("300")
    int cacheMaxAgeSeconds();

    /** KPIs by public name. */
    Map<String, Kpi> kpis();

    /** One KPI as configured. */
    interface Kpi {
        String title();

        @WithDefault("")
        String description();

        @WithDefault("")
        String unit();

        String metric();

        /** name=value label matchers on the source metric. */
        Optional<List<String>> matchers();

        String aggregate();

        @WithDefault("day")
        String period();

        /** The only labels a KPI may be broken down by. */
        Optional<List<String>> breakdown();

        @WithDefault("10")
        int minGroupSize();

        /** samples or series: what the minimum group size counts. */
        @WithDefault("samples")
        String groupSizeBy();

        @WithDefault("2")
        int decimals();
    }

    /** The validated definitions, sorted by name; a bad definition fails the boot with its message. */
    default List<KpiDefinition> definitions() {
        List<KpiDefinition> out = new ArrayList<>();
        kpis().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Kpi k = e.getValue();
            KpiDefinition.GroupSizeBy by;
            try {
                by = KpiDefinition.GroupSizeBy.valueOf(k.groupSizeBy().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("KPI '" + e.getKey() + "': group-size-by must be samples or series, "
                        + "got '" + k.groupSizeBy() + "'");
            }
            out.add(new KpiDefinition(e.getKey(), k.title(), k.description(), k.unit(), k.metric(),
                    QueryParams.matchers(k.matchers().orElse(List.of())), KpiAggregate.parse(k.aggregate()),
                    KpiPeriod.parse(k.period()), k.breakdown().orElse(List.of()), k.minGroupSize(), by,
                    k.decimals()));
        });
        return out;
    }
}
