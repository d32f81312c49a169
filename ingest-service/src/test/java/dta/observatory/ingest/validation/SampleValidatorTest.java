package dta.observatory.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleValidatorTest {

    private static final long NOW = 1_800_000_000_000L;
    private final SampleValidator validator = new SampleValidator(ValidationLimits.DEFAULTS);

    /** f-test: one line per case. */
    private void f(String metric, double value, long ts, Map<String, String> labels, Problem.Kind kind, String message) {
        Problem problem = validator.check(metric, value, ts, labels, NOW);
        if (kind == null) {
            assertThat(problem).as(metric).isNull();
        } else {
            assertThat(problem).as(metric).isNotNull();
            assertThat(problem.kind()).isEqualTo(kind);
            assertThat(problem.message()).contains(message);
        }
    }

    @Test
    void acceptsTheSeedsNames() {
        f("permit.pay.ok", 1, 0, Map.of(), null, null);
        f("svc.latency_ms", 123.4, NOW, Map.of("service", "permits"), null, null);
        f("ach:volume-usd", -5, NOW - 86_400_000L, Map.of(), null, null);
        f("_x", 0, 0, null, null, null);
    }

    @Test
    void refusesBadNames() {
        f("", 1, 0, Map.of(), Problem.Kind.EMPTY_NAME, "metric name is empty");
        f(null, 1, 0, Map.of(), Problem.Kind.EMPTY_NAME, "metric name is empty");
        f("9lives", 1, 0, Map.of(), Problem.Kind.INVALID_NAME, "must start with a letter");
        f("has space", 1, 0, Map.of(), Problem.Kind.INVALID_NAME, "'has space'");
        f("n".repeat(10_240), 1, 0, Map.of(), Problem.Kind.INVALID_NAME, "10240 characters long; the limit is 200");
    }

    @Test
    void quotesLongInputsShortened() {
        Problem problem = validator.check("n".repeat(10_240), 1, 0, Map.of(), NOW);
        assertThat(problem.message()).hasSizeLessThan(200);
    }

    @Test
    void refusesNonFiniteValues() {
        f("m", Double.NaN, 0, Map.of(), Problem.Kind.NON_FINITE_VALUE, "is NaN");
        f("m", Double.POSITIVE_INFINITY, 0, Map.of(), Problem.Kind.NON_FINITE_VALUE, "Infinity");
    }

    @Test
    void refusesTimestampsInTheFarFutureOrNegative() {
        f("m", 1, NOW + 600_001, Map.of(), Problem.Kind.TIMESTAMP_OUT_OF_BOUNDS, "more than 600 s in the future");
        f("m", 1, NOW + 600_000, Map.of(), null, null);
        f("m", 1, -1, Map.of(), Problem.Kind.TIMESTAMP_OUT_OF_BOUNDS, "negative");
    }

    @Test
    void refusesBadLabels() {
        f("m", 1, 0, Map.of("bad-name", "v"), Problem.Kind.INVALID_LABEL, "label name 'bad-name'");
        f("m", 1, 0, Map.of("__reserved", "v"), Problem.Kind.INVALID_LABEL, "reserved");
        f("m", 1, 0, Map.of("k", "v".repeat(1025)), Problem.Kind.INVALID_LABEL, "1025 characters long");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 31; i++) {
            many.put("l" + i, "v");
        }
        f("m", 1, 0, many, Problem.Kind.INVALID_LABEL, "31 labels; the limit is 30");
    }
}
