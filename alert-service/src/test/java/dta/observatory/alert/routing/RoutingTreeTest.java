package dta.observatory.alert.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTreeTest {

    private static final Route DEFAULTS = new Route("root", List.of(), List.of("webhook"), List.of("rule"),
            Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), true, false, List.of());

    private static final String TREE = """
            {"channels": ["webhook"],
             "routes": [
               {"name": "pay-critical", "match": ["severity=critical", "team=~pay|permit"], "channels": ["sms", "slack"],
                "group_wait": "0s", "continue": true},
               {"name": "critical", "match": ["severity=critical"], "channels": ["hitl"], "send_resolved": false,
                "routes": [{"name": "db", "match": ["service=db"], "channels": ["alertmanager"]}]},
               {"name": "not-prod", "match": ["env!=prod"], "channels": ["log"]}
             ]}
            """;

    private final RoutingTree tree = RoutingConfig.parse(TREE, DEFAULTS);

    private List<String> names(Map<String, String> labels) {
        return tree.match(labels).stream().map(Route::name).toList();
    }

    @Test
    void routesByLabelsAndSeverityWithContinueAndADefault() {
        assertThat(names(Map.of("severity", "critical", "team", "pay", "env", "prod")))
                .containsExactly("pay-critical", "critical");
        assertThat(names(Map.of("severity", "critical", "service", "db", "env", "prod"))).containsExactly("db");
        assertThat(names(Map.of("severity", "warning", "env", "staging"))).containsExactly("not-prod");
        assertThat(names(Map.of("severity", "warning", "env", "prod"))).as("the root is the default route")
                .containsExactly("root");
    }

    @Test
    void childrenInheritWhatTheyDoNotSet() {
        Route db = tree.match(Map.of("severity", "critical", "service", "db", "env", "prod")).get(0);
        assertThat(db.channels()).containsExactly("alertmanager");
        assertThat(db.sendResolved()).as("inherited from 'critical'").isFalse();
        assertThat(db.groupInterval()).isEqualTo(Duration.ofSeconds(30));
        Route pay = tree.match(Map.of("severity", "critical", "team", "permit", "env", "prod")).get(0);
        assertThat(pay.groupWait()).isZero();
        assertThat(pay.repeatInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void noConfigMeansTheDefaultRouteOnly() {
        assertThat(RoutingConfig.parse(null, DEFAULTS).match(Map.of("a", "b"))).containsExactly(DEFAULTS);
    }

    @Test
    void badConfigIsRefusedWithAMessageSayingWhat() {
        assertThatThrownBy(() -> RoutingConfig.parse("{\"chanels\": [\"x\"]}", DEFAULTS))
                .hasMessageStartingWith("route root: unknown field 'chanels'");
        assertThatThrownBy(() -> RoutingConfig.parse("{\"routes\": [{\"group_wait\": \"soon\"}]}", DEFAULTS))
                .hasMessage("route root/0: group_wait must be a duration such as 250ms, 30s, 5m, 4h or 1d, got 'soon'");
        assertThatThrownBy(() -> RoutingConfig.parse("{\"routes\": [{\"match\": [\"severity\"]}]}", DEFAULTS))
                .hasMessageStartingWith("matcher must look like name=value");
        assertThatThrownBy(() -> RoutingConfig.parse("{\"routes\": [{\"match\": [\"a=~(\"]}]}", DEFAULTS))
                .hasMessageStartingWith("matcher a has a bad regex '('");
        assertThatThrownBy(() -> RoutingConfig.parse("{nope", DEFAULTS))
                .hasMessageStartingWith("routing config is not valid JSON");
        assertThatThrownBy(() -> RoutingConfig.parse("{\"channels\": []}", DEFAULTS))
                .hasMessage("the root route needs at least one channel (the default route)");
    }

    @Test
    void matchersFollowAlertmanagerSyntax() {
        Map<String, String> labels = Map.of("severity", "critical", "team", "pay");
        assertThat(Matcher.parse("severity=critical").matches(labels)).isTrue();
        assertThat(Matcher.parse("severity!=critical").matches(labels)).isFalse();
        assertThat(Matcher.parse("team=~pa.").matches(labels)).isTrue();
        assertThat(Matcher.parse("team=~pa").matches(labels)).as("anchored").isFalse();
        assertThat(Matcher.parse("team!~ops|db").matches(labels)).isTrue();
        assertThat(Matcher.parse("zone=\"\"").matches(labels)).as("absent label is empty").isTrue();
    }
}
