package dta.observatory.watcher.rulefiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.WatchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {

    @TempDir
    Path dir;

    private static final String PAYMENTS = """
            rules:
              - id: pay-ok
                metric: permit.pay.ok
                matchers: {service: permits}
                window: 100
                aggregate: avg
                comparator: "<"
                threshold: 0.95
                for: 1m
                keepFiringFor: 2m
                severity: critical
                summary: "Payment success {{value}} < {{threshold}}"
              - id: latency-auto
                type: auto
                metric: svc.latency_ms
                sensitivity: 3
                direction: up
            """;

    @Test
    void loadsEveryRuleOfEveryYamlFile() throws Exception {
        Files.writeString(dir.resolve("payments.yaml"), PAYMENTS);
        Files.writeString(dir.resolve("notes.txt"), "not a rule file");

        RuleFiles.Loaded loaded = new RuleFiles(dir).load();

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.rules()).containsOnlyKeys("pay-ok", "latency-auto");
        WatchRule pay = loaded.rules().get("pay-ok").getKey();
        assertThat(pay.aggregate()).isEqualTo(Aggregate.AVG);
        assertThat(pay.comparator()).isEqualTo(Comparator.LT);
        assertThat(pay.forDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(pay.keepFiringFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(pay.matchers()).isEqualTo(Map.of("service", "permits"));
        assertThat(loaded.rules().get("pay-ok").getValue()).isEqualTo("file:payments.yaml");
        assertThat(loaded.rules().get("latency-auto").getKey().auto().sensitivity()).isEqualTo(3);
    }

    @Test
    void aBrokenRuleIsReportedAndTheOthersLoad() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), """
                rules:
                  - id: good
                    metric: m
                    window: 5
                    aggregate: max
                    comparator: ">"
                    threshold: 1
                  - id: bad
                    metric: m
                    window: 5
                    aggregate: mean
                    comparator: ">"
                    threshold: 1
                  - id: typo
                    metric: m
                    windw: 5
                """);
        Files.writeString(dir.resolve("b.yml"), "rules: [ {id: x");

        RuleFiles.Loaded loaded = new RuleFiles(dir).load();

        assertThat(loaded.rules()).containsOnlyKeys("good");
        assertThat(loaded.problems()).hasSize(3);
        assertThat(loaded.problems().get(0)).startsWith("a.yaml rule 2: unknown aggregate 'mean'");
        assertThat(loaded.problems().get(1)).startsWith("a.yaml rule 3: ").contains("windw");
        assertThat(loaded.problems().get(2)).startsWith("b.yml: not valid YAML");
    }

    @Test
    void seasonalAutoWatchersTakeAListOrOneWord() throws Exception {
        Files.writeString(dir.resolve("traffic.yaml"), """
                rules:
                  - id: traffic-seasonal
                    type: auto
                    metric: http.requests
                    window: 5m
                    seasonality: [daily, weekly]
                  - id: queue-seasonal
                    type: auto
                    metric: queue.depth
                    seasonality: daily
                """);

        RuleFiles.Loaded loaded = new RuleFiles(dir).load();

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.rules().get("traffic-seasonal").getKey().auto().seasonality())
                .containsExactly(Duration.ofDays(1), Duration.ofDays(7));
        assertThat(loaded.rules().get("queue-seasonal").getKey().auto().seasonality())
                .containsExactly(Duration.ofDays(1));
    }

    @Test
    void aChangedFileIsReloadedAndFileRulesAreReadOnlyThroughTheApi() throws Exception {
        Path file = dir.resolve("payments.yaml");
        Files.writeString(file, PAYMENTS);
        RuleFiles files = new RuleFiles(dir);
        RuleBook book = new RuleBook();
        String first = files.fingerprint();
        book.syncFileRules(files.load().rules());
        assertThat(book.all()).extracting(e -> e.rule().id()).containsExactly("latency-auto", "pay-ok");

        assertThatThrownBy(() -> book.remove("pay-ok")).isInstanceOf(RuleBook.ReadOnlyRuleException.class)
                .hasMessage("rule 'pay-ok' comes from file:payments.yaml and is read-only through the API: change "
                        + "the file");
        assertThatThrownBy(() -> book.replace(book.get("pay-ok").orElseThrow().rule()))
                .isInstanceOf(RuleBook.ReadOnlyRuleException.class);

        Files.writeString(file, PAYMENTS.replace("threshold: 0.95", "threshold: 0.9")
                .substring(0, PAYMENTS.indexOf("  - id: latency-auto")));
        assertThat(files.fingerprint()).isNotEqualTo(first);
        book.syncFileRules(files.load().rules());
        assertThat(book.all()).extracting(e -> e.rule().id()).containsExactly("pay-ok");
        assertThat(book.get("pay-ok").orElseThrow().rule().threshold()).isEqualTo(0.9);
    }

    @Test
    void anApiRuleKeepsItsIdAgainstAFileRule() throws Exception {
        Files.writeString(dir.resolve("payments.yaml"), PAYMENTS);
        RuleBook book = new RuleBook();
        WatchRule mine = new WatchRule("pay-ok", "other", Map.of(), 1, Aggregate.LAST, Comparator.GT, 1, null, null,
                null, null);
        book.add(mine);
        assertThat(book.syncFileRules(new RuleFiles(dir).load().rules())).containsExactly("pay-ok");
        assertThat(book.get("pay-ok").orElseThrow().rule()).isSameAs(mine);
    }
}
