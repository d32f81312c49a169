package dta.observatory.store.opendata;

import java.time.Instant;
import java.util.List;

/**
 * RFC 4180 CSV of a KPI's rows: {@code period_start,period_end,<breakdown labels...>,value,unit,suppressed}, CRLF
 * line ends, fields quoted when they hold a comma, quote or line break. A suppressed row has an empty value.
 */
public final class KpiCsv {

    private KpiCsv() {
    }

    public static String write(KpiDefinition kpi, List<KpiRow> rows) {
        StringBuilder out = new StringBuilder(64 + rows.size() * 64);
        out.append("period_start,period_end");
        for (String label : kpi.breakdown()) {
            out.append(',').append(field(label));
        }
        out.append(",value,unit,suppressed\r\n");
        for (KpiRow row : rows) {
            out.append(Instant.ofEpochMilli(row.periodStartMs())).append(',')
                    .append(Instant.ofEpochMilli(row.periodEndMs()));
            for (String label : kpi.breakdown()) {
                out.append(',').append(field(row.group().get(label)));
            }
            out.append(',').append(row.value() == null ? "" : number(row.value()))
                    .append(',').append(field(kpi.unit()))
                    .append(',').append(row.suppressed()).append("\r\n");
        }
        return out.toString();
    }

    /** Plain decimal notation (no exponent), so spreadsheets read it as the number it is. */
    static String number(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
