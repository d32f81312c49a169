package dta.observatory.alert.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a routing tree from JSON (format in docs/alerting.md). Every field is optional; a child inherits what it
 * does not set from its parent, and the root from the defaults given (the service's properties). Unknown fields
 * are refused so that a typo does not silently route pages nowhere.
 */
public final class RoutingConfig {

    private static final Set<String> FIELDS = Set.of("name", "match", "channels", "group_by", "group_wait",
            "group_interval", "repeat_interval", "send_resolved", "continue", "routes");

    private RoutingConfig() {
    }

    public static RoutingTree parse(String json, Route defaults) {
        if (json == null || json.isBlank()) {
            return new RoutingTree(defaults);
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("routing config is not valid JSON: " + e.getOriginalMessage());
        }
        return new RoutingTree(route(node, defaults, "root"));
    }

    private static Route route(JsonNode n, Route parent, String defaultName) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("route " + defaultName + " must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("route " + defaultName + ": unknown field '" + f + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        String name = n.has("name") ? n.get("name").asText() : defaultName;
        List<Matcher> matchers = new ArrayList<>();
        for (String m : strings(n, "match", List.of(), name)) {
            matchers.add(Matcher.parse(m));
        }
        Route self = new Route(name, matchers, strings(n, "channels", parent.channels(), name),
                strings(n, "group_by", parent.groupBy(), name), duration(n, "group_wait", parent.groupWait(), name),
                duration(n, "group_interval", parent.groupInterval(), name),
                duration(n, "repeat_interval", parent.repeatInterval(), name),
                n.has("send_resolved") ? n.get("send_resolved").asBoolean() : parent.sendResolved(),
                n.has("continue") && n.get("continue").asBoolean(), List.of());
        List<Route> children = new ArrayList<>();
        JsonNode routes = n.get("routes");
        if (routes != null) {
            if (!routes.isArray()) {
                throw new IllegalArgumentException("route " + name + ": routes must be an array");
            }
            int i = 0;
            for (JsonNode child : routes) {
                children.add(route(child, self, name + "/" + i++));
            }
        }
        return new Route(self.name(), self.matchers(), self.channels(), self.groupBy(), self.groupWait(),
                self.groupInterval(), self.repeatInterval(), self.sendResolved(), self.continueMatching(), children);
    }

    private static List<String> strings(JsonNode n, String field, List<String> inherited, String route) {
        JsonNode v = n.get(field);
        if (v == null) {
            return inherited;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("route " + route + ": " + field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Duration duration(JsonNode n, String field, Duration inherited, String route) {
        JsonNode v = n.get(field);
        if (v == null) {
            return inherited;
        }
        try {
            return parseDuration(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("route " + route + ": " + field + " " + e.getMessage());
        }
    }

    /** "250ms", "30s", "5m", "4h", "1d". */
    public static Duration parseDuration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration such as 250ms, 30s, 5m, 4h or 1d, got '" + text + "'");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofDays(v);
        };
    }
}
