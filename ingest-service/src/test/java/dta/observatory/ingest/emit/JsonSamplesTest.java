package dta.observatory.ingest.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.api.v1.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSamplesTest {

    private final JsonSamples json = new JsonSamples(new ObjectMapper());

    @Test
    void readsOneSampleInTheSeedsShape() {
        Sample s = json.parse("{\"name\":\"permit.pay.ok\",\"value\":1,\"ts\":1800000000.5}").get(0);
        assertThat(s.getMetric()).isEqualTo("permit.pay.ok");
        assertThat(s.getValue()).isEqualTo(1);
        assertThat(s.getTimestampMs()).isEqualTo(1_800_000_000_500L);
    }

    @Test
    void readsABatchWithLabelsAndMillisecondTimestamps() {
        List<Sample> samples = json.parse("{\"samples\":[{\"metric\":\"a\",\"value\":2.5,\"timestampMs\":7,"
                + "\"labels\":{\"svc\":\"x\",\"code\":500}},{\"metric\":\"b\",\"value\":3}]}");
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).getLabelsMap()).containsEntry("svc", "x").containsEntry("code", "500");
        assertThat(samples.get(0).getTimestampMs()).isEqualTo(7);
    }

    @Test
    void turnsWrongFieldTypesIntoValuesValidationRefuses() {
        assertThat(json.parse("{\"metric\":\"a\",\"value\":\"lots\"}").get(0).getValue()).isNaN();
        assertThat(json.parse("{\"metric\":\"a\"}").get(0).getValue()).isNaN();
        assertThat(json.parse("{\"metric\":42,\"value\":1}").get(0).getMetric()).isEmpty();
        assertThat(json.parse("{\"samples\":[7]}").get(0).getMetric()).isEmpty();
    }

    @Test
    void refusesBodiesThatAreNotAnObject() {
        assertThatThrownBy(() -> json.parse("{\"metric\": \"a\", value")).hasMessageStartingWith("body is not valid JSON");
        assertThatThrownBy(() -> json.parse("[1,2]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> json.parse("")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> json.parse("{\"samples\":3}")).hasMessage("'samples' must be an array of sample objects");
    }
}
