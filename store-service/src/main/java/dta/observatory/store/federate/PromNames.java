package dta.observatory.store.federate;

import java.util.regex.Pattern;

/**
 * How store names become Prometheus names. Store metric names may hold {@code .}, {@code -} and {@code :}
 * ({@code permit.pay.ok}); Prometheus allows {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. Every character outside
 * {@code [a-zA-Z0-9_:]} becomes {@code _} ({@code permit.pay.ok → permit_pay_ok}), which alone is not reversible
 * ({@code a.b} and {@code a_b} meet), so every exported series also carries the label
 * {@value #ORIGINAL_NAME_LABEL} with the store's exact name: {@link #storeName} reads it back.
 */
public final class PromNames {

    /** Label that keeps the store's own metric name on every exported series, so the mapping can be undone. */
    public static final String ORIGINAL_NAME_LABEL = "dta_metric";

    private static final Pattern NAME_OK = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_OK = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PromNames() {
    }

    /** {@code permit.pay.ok → permit_pay_ok}; a leading digit gets a {@code _} prefix. */
    public static String metricName(String storeName) {
        if (NAME_OK.matcher(storeName).matches()) {
            return storeName;
        }
        StringBuilder out = new StringBuilder(storeName.length() + 1);
        if (storeName.isEmpty() || Character.isDigit(storeName.charAt(0))) {
            out.append('_');
        }
        for (int i = 0; i < storeName.length(); i++) {
            char c = storeName.charAt(i);
            out.append(isNameChar(c, true) ? c : '_');
        }
        return out.toString();
    }

    /** Label names allow no {@code :}; other characters are mapped like metric names. */
    public static String labelName(String storeLabel) {
        if (LABEL_OK.matcher(storeLabel).matches()) {
            return storeLabel;
        }
        StringBuilder out = new StringBuilder(storeLabel.length() + 1);
        if (storeLabel.isEmpty() || Character.isDigit(storeLabel.charAt(0))) {
            out.append('_');
        }
        for (int i = 0; i < storeLabel.length(); i++) {
            char c = storeLabel.charAt(i);
            out.append(isNameChar(c, false) ? c : '_');
        }
        return out.toString();
    }

    /** The reverse mapping: the store's name is the {@value #ORIGINAL_NAME_LABEL} label's value. */
    public static String storeName(String promName, java.util.Map<String, String> promLabels) {
        String original = promLabels.get(ORIGINAL_NAME_LABEL);
        return original != null ? original : promName;
    }

    /** Label value escaping of the text exposition format: backslash, double quote and line feed. */
    public static String escapeLabelValue(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String rep = switch (c) {
                case '\\' -> "\\\\";
                case '"' -> "\\\"";
                case '\n' -> "\\n";
                default -> null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                if (rep != null) {
                    out.append(rep);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    /** Sample values as the format spells them: {@code NaN}, {@code +Inf}, {@code -Inf} or a Go-parsable float. */
    public static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static boolean isNameChar(char c, boolean colonOk) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || (colonOk && c == ':');
    }
}
