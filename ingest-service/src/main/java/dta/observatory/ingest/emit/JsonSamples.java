package dta.observatory.ingest.emit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.api.v1.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON body of {@code POST /api/v1/emit}: one sample object, or {@code {"samples": [...]}}.
 *
 * <p>A sample object has {@code metric} (or the seed's {@code name}), {@code value}, optional {@code labels} (an
 * object of strings) and an optional time: {@code timestampMs} (ms since epoch) or the seed's {@code ts} (seconds
 * since epoch, fractional allowed). A field of the wrong type turns into a value that validation refuses with a
 * reason, so one bad sample never spoils its batch; only a body that is not JSON, or not an object, is refused
 * whole.
 */
public final class JsonSamples {

    private final ObjectMapper mapper;

    public JsonSamples(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @throws IllegalArgumentException when the body is not a JSON object of one of the two shapes */
    public List<Sample> parse(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object: one sample, or {\"samples\": [...]}");
        }
        if (!root.has("samples")) {
            return List.of(sample(root));
        }
        JsonNode samples = root.get("samples");
        if (!samples.isArray()) {
            throw new IllegalArgumentException("'samples' must be an array of sample objects");
        }
        List<Sample> out = new ArrayList<>(samples.size());
        for (JsonNode node : samples) {
            out.add(sample(node));
        }
        return out;
    }

    private static Sample sample(JsonNode node) {
        Sample.Builder b = Sample.newBuilder();
        if (!node.isObject()) {
            return b.build(); // refused by validation as "metric name is empty"
        }
        JsonNode name = node.has("metric") ? node.get("metric") : node.get("name");
        if (name != null && name.isTextual()) {
            b.setMetric(name.asText());
        }
        b.setValue(value(node.get("value")));
        if (node.hasNonNull("timestampMs")) {
            b.setTimestampMs(node.get("timestampMs").asLong(-1));
        } else if (node.hasNonNull("ts")) {
            JsonNode ts = node.get("ts");
            b.setTimestampMs(ts.isNumber() ? Math.round(ts.asDouble() * 1000) : -1);
        }
        JsonNode labels = node.get("labels");
        if (labels != null && labels.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> label = it.next();
                // A non-string label value is kept as its JSON text ("1", "true"), as Prometheus clients expect.
                b.putLabels(label.getKey(), label.getValue().isTextual() ? label.getValue().asText()
                        : label.getValue().toString());
            }
        }
        return b.build();
    }

    /** Numbers as they are; "NaN"/"Infinity" strings parse to non-finite values that validation names; else NaN. */
    private static double value(JsonNode value) {
        if (value == null || value.isNull()) {
            return Double.NaN;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
