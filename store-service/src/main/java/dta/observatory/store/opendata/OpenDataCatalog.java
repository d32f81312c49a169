package dta.observatory.store.opendata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The catalogue as JSON-LD with DCAT / Dublin Core terms (dcat:Catalog of dcat:Dataset, each with a JSON and a CSV
 * dcat:Distribution), so open-data portals can harvest it.
 */
public final class OpenDataCatalog {

    /** Publisher-level metadata shared by every dataset. */
    public record Publisher(String title, String description, String publisher, String license) {
    }

    private OpenDataCatalog() {
    }

    /**
     * @param baseUrl absolute URL of {@code /open-data/v1/kpis} (no trailing slash)
     * @param lastModifiedMs newest sample time of a KPI's source metric, or null when it has none
     */
    public static Map<String, Object> build(Publisher meta, List<KpiDefinition> kpis, String baseUrl,
            Function<KpiDefinition, Long> lastModifiedMs) {
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("@context", Map.of("dcat", "http://www.w3.org/ns/dcat#", "dct", "http://purl.org/dc/terms/"));
        catalog.put("@type", "dcat:Catalog");
        catalog.put("dct:title", meta.title());
        catalog.put("dct:description", meta.description());
        catalog.put("dct:publisher", meta.publisher());
        catalog.put("dct:license", meta.license());
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (KpiDefinition kpi : kpis) {
            Map<String, Object> d = new LinkedHashMap<>();
            String url = baseUrl + "/" + kpi.name();
            d.put("@id", url);
            d.put("@type", "dcat:Dataset");
            d.put("dct:identifier", kpi.name());
            d.put("dct:title", kpi.title());
            d.put("dct:description", kpi.description());
            d.put("dct:publisher", meta.publisher());
            d.put("dct:license", meta.license());
            Long modified = lastModifiedMs.apply(kpi);
            d.put("dct:modified", modified == null ? null : Instant.ofEpochMilli(modified).toString());
            d.put("dct:accrualPeriodicity", kpi.period() == KpiPeriod.DAY
                    ? "http://purl.org/cld/freq/daily" : "http://purl.org/cld/freq/continuous");
            d.put("unit", kpi.unit());
            d.put("aggregate", kpi.aggregate().wireName());
            d.put("period", kpi.period().wireName());
            d.put("breakdown", kpi.breakdown());
            d.put("minGroupSize", kpi.minGroupSize());
            d.put("dcat:distribution", List.of(
                    Map.of("@type", "dcat:Distribution", "dcat:mediaType", "application/json",
                            "dcat:accessURL", url),
                    Map.of("@type", "dcat:Distribution", "dcat:mediaType", "text/csv",
                            "dcat:accessURL", url + ".csv")));
            datasets.add(d);
        }
        catalog.put("dcat:dataset", datasets);
        return catalog;
    }
}
