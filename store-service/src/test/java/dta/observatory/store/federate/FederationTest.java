package dta.observatory.store.federate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.storage.RingBufferStorage;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FederationTest {

    private static StoredSample s(String metric, Map<String, String> labels, long t, double v) {
        return new StoredSample(SeriesKey.of(metric, labels), t, v);
    }

    @Test
    void namesMapDotsToUnderscoresAndTheOriginalLabelMakesItReversible() {
        assertThat(PromNames.metricName("permit.pay.ok")).isEqualTo("permit_pay_ok");
        assertThat(PromNames.metricName("svc-a:latency.ms")).isEqualTo("svc_a:latency_ms");
        assertThat(PromNames.metricName("9lives")).isEqualTo("_9lives");
        assertThat(PromNames.labelName("http.route")).isEqualTo("http_route");
        Map<String, String> labels = Federation.exportedLabels("a.b", Map.of());
        assertThat(PromNames.storeName(PromNames.metricName("a.b"), labels)).isEqualTo("a.b");
        assertThat(PromNames.storeName(PromNames.metricName("a_b"), Federation.exportedLabels("a_b", Map.of())))
                .isEqualTo("a_b");
    }

    @Test
    void labelValuesAreEscapedPerTheTextFormat() {
        assertThat(PromNames.escapeLabelValue("plain")).isEqualTo("plain");
        assertThat(PromNames.escapeLabelValue("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    @Test
    void valuesUseTheFormatsSpelling() {
        assertThat(PromNames.value(Double.NaN)).isEqualTo("NaN");
        assertThat(PromNames.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PromNames.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PromNames.value(3)).isEqualTo("3");
        assertThat(PromNames.value(0.25)).isEqualTo("0.25");
    }

    @Test
    void selectorsParseLikePromql() {
        SeriesSelector byName = SeriesSelector.parse("permit_pay_ok");
        assertThat(byName.matches("permit.pay.ok", Map.of())).isTrue();
        assertThat(byName.matches("permit.pay.failed", Map.of())).isFalse();
        assertThat(SeriesSelector.parse("{__name__=\"permit.pay.ok\"}").matches("permit.pay.ok", Map.of())).isTrue();
        SeriesSelector re = SeriesSelector.parse("{__name__=~\"permit_.*\", service!=\"x\"}");
        assertThat(re.matches("permit.pay.ok", Map.of("service", "y"))).isTrue();
        assertThat(re.matches("permit.pay.ok", Map.of("service", "x"))).isFalse();
        assertThat(re.matches("ach.volume", Map.of())).isFalse();
        assertThat(SeriesSelector.parse("m{l=~\"a|b\"}").matches("m", Map.of("l", "ab"))).isFalse();
    }

    @Test
    void badSelectorsSayWhatIsWrong() {
        assertThatThrownBy(() -> SeriesSelector.parse("")).hasMessageContaining("got an empty value");
        assertThatThrownBy(() -> SeriesSelector.parse("m{l=v}"))
                .hasMessage("match[] 'm{l=v}': the value of 'l' must be quoted");
        assertThatThrownBy(() -> SeriesSelector.parse("{l=~\".*\"}"))
                .hasMessageContaining("needs at least one matcher that does not match the empty string");
        assertThatThrownBy(() -> SeriesSelector.parse("m{l=\"v\""))
                .hasMessage("match[] 'm{l=\"v\"': missing closing '}'");
        assertThatThrownBy(() -> SeriesSelector.parse("m{l=~\"(\"}")).hasMessageContaining("bad regex for 'l'");
    }

    @Test
    void exportsTheNewestPointPerSeriesWithinTheLookBackAsText() {
        RingBufferStorage storage = new RingBufferStorage(100);
        storage.append(List.of(
                s("permit.pay.ok", Map.of("service", "permits"), 1_000, 1),
                s("permit.pay.ok", Map.of("service", "permits"), 2_000, 0),
                s("permit.pay.ok", Map.of("service", "say \"hi\""), 2_500, 1),
                s("old.metric", Map.of(), 10, 7),
                s("other", Map.of(), 2_000, 5)));
        Federation federation = new Federation(storage, 1_500);

        String text = Federation.format(federation.collect(List.of(SeriesSelector.parse("{__name__=~\"permit_.*|old_metric\"}")), 3_000));

        assertThat(text).isEqualTo("""
                # TYPE permit_pay_ok untyped
                permit_pay_ok{dta_metric="permit.pay.ok",service="permits"} 0 2000
                permit_pay_ok{dta_metric="permit.pay.ok",service="say \\"hi\\""} 1 2500
                """);
    }

    @Test
    void lookBackMustBePositive() {
        assertThatThrownBy(() -> new Federation(new RingBufferStorage(1), 0))
                .hasMessage("federate look-back must be positive, got 0 ms");
    }
}
