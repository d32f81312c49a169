package dta.observatory.ingest.validation;

import java.util.Map;

/**
 * Checks one sample against the ingest rules and says why it is refused, or returns null when it is fine.
 * Pure and thread-safe; ingest runs every protocol's samples through it before anything reaches the store.
 *
 * <p>Rules (documented in README): metric names {@code [a-zA-Z_][a-zA-Z0-9_.:-]*} up to {@value #MAX_NAME_LENGTH}
 * characters; label names {@code [a-zA-Z_][a-zA-Z0-9_]*}, not starting with {@code __}; at most
 * {@value #MAX_LABELS} labels; label values up to {@value #MAX_LABEL_VALUE_LENGTH} characters; finite values;
 * timestamps no more than {@link ValidationLimits#maxFutureMs()} ahead of the ingest clock.
 */
public final class SampleValidator {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_LABELS = 30;
    public static final int MAX_LABEL_VALUE_LENGTH = 1024;
    /** Long inputs are cut to this many characters when quoted in a message. */
    private static final int QUOTE_LIMIT = 64;

    private final ValidationLimits limits;

    public SampleValidator(ValidationLimits limits) {
        this.limits = limits;
    }

    /**
     * @param timestampMs the sample's timestamp, or 0 for "now"
     * @param nowMs the ingest clock
     * @return the problem with this sample, or null if it may be stored
     */
    public Problem check(String metric, double value, long timestampMs, Map<String, String> labels, long nowMs) {
        if (metric == null || metric.isEmpty()) {
            return new Problem(Problem.Kind.EMPTY_NAME, "metric name is empty");
        }
        if (metric.length() > MAX_NAME_LENGTH) {
            return new Problem(Problem.Kind.INVALID_NAME, "metric name is " + metric.length()
                    + " characters long; the limit is " + MAX_NAME_LENGTH + " (" + quote(metric) + ")");
        }
        if (!isMetricName(metric)) {
            return new Problem(Problem.Kind.INVALID_NAME, "metric name " + quote(metric)
                    + " must start with a letter or '_' and contain only letters, digits, '_', '.', ':' or '-'");
        }
        if (!Double.isFinite(value)) {
            return new Problem(Problem.Kind.NON_FINITE_VALUE, "value of " + quote(metric) + " is " + value
                    + "; only finite numbers are stored");
        }
        if (timestampMs < 0) {
            return new Problem(Problem.Kind.TIMESTAMP_OUT_OF_BOUNDS, "timestamp " + timestampMs + " is negative");
        }
        if (timestampMs != 0 && timestampMs > nowMs + limits.maxFutureMs()) {
            return new Problem(Problem.Kind.TIMESTAMP_OUT_OF_BOUNDS, "timestamp " + timestampMs + " is more than "
                    + limits.maxFutureMs() / 1000 + " s in the future");
        }
        return labels == null ? null : checkLabels(metric, labels);
    }

    private static Problem checkLabels(String metric, Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            return new Problem(Problem.Kind.INVALID_LABEL, quote(metric) + " has " + labels.size()
                    + " labels; the limit is " + MAX_LABELS);
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String name = label.getKey();
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isLabelName(name)) {
                return new Problem(Problem.Kind.INVALID_LABEL, "label name " + quote(name)
                        + " must start with a letter or '_' and contain only letters, digits and '_'");
            }
            if (name.startsWith("__")) {
                return new Problem(Problem.Kind.INVALID_LABEL, "label name " + quote(name)
                        + " starts with '__', which is reserved");
            }
            String value = label.getValue();
            if (value == null || value.length() > MAX_LABEL_VALUE_LENGTH) {
                return new Problem(Problem.Kind.INVALID_LABEL, "value of label " + quote(name) + " is "
                        + (value == null ? "missing" : value.length() + " characters long; the limit is "
                        + MAX_LABEL_VALUE_LENGTH));
            }
        }
        return null;
    }

    static boolean isMetricName(String s) {
        return hasNameShape(s, true);
    }

    static boolean isLabelName(String s) {
        return hasNameShape(s, false);
    }

    private static boolean hasNameShape(String s, boolean metricPunctuation) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            boolean punctuation = metricPunctuation && (c == '.' || c == ':' || c == '-');
            if (!(letter || (i > 0 && (digit || punctuation)))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    static String quote(String s) {
        return s.length() <= QUOTE_LIMIT ? "'" + s + "'" : "'" + s.substring(0, QUOTE_LIMIT) + "…'";
    }
}
