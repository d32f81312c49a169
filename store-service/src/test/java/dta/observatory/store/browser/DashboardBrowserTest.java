package dta.observatory.store.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard brick and the overview page in a real headless Chromium. The brick is embedded from another
 * origin (the fake peer server), as other services would, so CORS and the script-URL-derived base are exercised.
 */
@QuarkusTest
@QuarkusTestResource(value = FakePeers.class, restrictToAnnotatedClass = true)
class DashboardBrowserTest {

    private static ChromeDriver driver;

    @Inject
    Storage storage;

    @TestHTTPResource("/")
    URL store;

    @BeforeAll
    static void browser() throws Exception {
        driver = Browser.start(1200, 800);
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String storeBase() {
        return store.toString().replaceAll("/$", "");
    }

    private void append(String metric, Map<String, String> labels, long fromMs, int count, long stepMs) {
        List<StoredSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(new StoredSample(SeriesKey.of(metric, labels), fromMs + i * stepMs, 1_000 + 50 * Math.sin(i / 3.0)));
        }
        storage.append(samples);
    }

    /** Serves a page from the other origin and opens it. */
    private void open(String name, String body) {
        String path = "/pages/" + name + ".html";
        FakePeers.PAGES.put(path, "<!doctype html><html><head><meta charset=utf-8><title>" + name + "</title></head>"
                + "<body style='font-family:sans-serif'><h3>" + name + "</h3>" + body + "</body></html>");
        driver.get(FakePeers.baseUrl + path);
    }

    private WebElement brick() {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> driver.findElements(By.cssSelector("dta-mini-chart")), l -> !l.isEmpty()).get(0);
    }

    private static String waitForState(WebElement host, String... states) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> host.getAttribute("data-state"),
                s -> s != null && List.of(states).contains(s));
    }

    @Test
    void seedSnippetDrawsAChartWithOnePointPerSample() throws Exception {
        long now = System.currentTimeMillis();
        append("ach.volume_usd", Map.of("bank", "first"), now - 40 * 60_000L, 40, 60_000);
        // The seed's snippet, as written, on a page of another origin.
        open("seed-snippet", "<div id=\"dash\"></div>\n<script src=\"" + storeBase() + "/dta/mini-chart.js\"></script>\n"
                + "<script>\n  mfe.load(\"dta/mini-chart\", { target:\"#dash\", metric:\"ach.volume_usd\" });\n</script>");

        WebElement host = brick();
        assertThat(waitForState(host, "ok", "error", "no-data")).isEqualTo("ok");
        assertThat(host.getAttribute("data-points")).isEqualTo("40");
        Object drawn = driver.executeScript("const c = document.querySelector('dta-mini-chart').chart;"
                + "return c.data[1].filter(v => v !== null && v !== undefined).length;");
        assertThat(((Number) drawn).intValue()).isEqualTo(40);
        SearchContext shadow = host.getShadowRoot();
        assertThat(shadow.findElement(By.cssSelector(".title")).getText()).isEqualTo("ach.volume_usd (USD)");
        Object inked = driver.executeScript("const c = document.querySelector('dta-mini-chart').shadowRoot"
                + ".querySelector('canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;");
        assertThat(((Number) inked).intValue()).as("pixels drawn on the canvas").isGreaterThan(100);
        Browser.screenshot(driver, "seed-snippet");
    }

    @Test
    void misspelledMetricSaysThereIsNoSuchMetric() throws Exception {
        open("misspelled", "<script src=\"" + storeBase() + "/dta/mini-chart.js\"></script>"
                + "<dta-mini-chart metric=\"ach.volume_usdd\"></dta-mini-chart>");
        WebElement host = brick();
        assertThat(waitForState(host, "ok", "error", "no-data")).isEqualTo("no-data");
        assertThat(host.getShadowRoot().findElement(By.cssSelector(".msg")).getText())
                .isEqualTo("no data — no metric named 'ach.volume_usdd'");
        assertThat(host.getShadowRoot().findElements(By.cssSelector("canvas"))).isEmpty();
        Browser.screenshot(driver, "no-data");
    }

    @Test
    void emptyWindowSaysSo() {
        append("old.only", Map.of(), 1_000_000, 3, 1_000);
        open("empty-range", "<script src=\"" + storeBase() + "/dta/mini-chart.js\"></script>"
                + "<dta-mini-chart metric=\"old.only\" span=\"1h\"></dta-mini-chart>");
        WebElement host = brick();
        assertThat(waitForState(host, "ok", "error", "no-data")).isEqualTo("no-data");
        assertThat(host.getShadowRoot().findElement(By.cssSelector(".msg")).getText())
                .isEqualTo("no data — metric 'old.only' has no points in this window");
    }

    @Test
    void chartUpdatesAfterNewSamples() throws Exception {
        long now = System.currentTimeMillis();
        append("live.requests", Map.of(), now - 10 * 10_000L, 5, 10_000);
        open("live", "<script src=\"" + storeBase() + "/dta/mini-chart.js\"></script>"
                + "<dta-mini-chart metric=\"live.requests\" interval=\"1s\" span=\"15m\"></dta-mini-chart>");
        WebElement host = brick();
        assertThat(waitForState(host, "ok", "error", "no-data")).isEqualTo("ok");
        assertThat(host.getAttribute("data-points")).isEqualTo("5");

        append("live.requests", Map.of(), now - 5 * 10_000L, 3, 10_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> host.getAttribute("data-points"), "8"::equals);
        Browser.screenshot(driver, "updated");
    }

    @Test
    void gapsStayGapsTheTooltipNamesTheValueAndTheThemeFollowsTheBrowser() throws Exception {
        long now = System.currentTimeMillis();
        // Two runs of ten one-minute points with a 20-minute hole between them.
        append("gap.demo", Map.of(), now - 50 * 60_000L, 10, 60_000);
        append("gap.demo", Map.of(), now - 20 * 60_000L, 10, 60_000);
        open("gaps", "<script src=\"" + storeBase() + "/dta/mini-chart.js\"></script>"
                + "<dta-mini-chart metric=\"gap.demo\" span=\"1h\" unit=\"ms\" height=\"240\"></dta-mini-chart>");
        WebElement host = brick();
        assertThat(waitForState(host, "ok", "error", "no-data")).isEqualTo("ok");
        assertThat(host.getAttribute("data-points")).isEqualTo("20");
        @SuppressWarnings("unchecked")
        Object gaps = driver.executeScript("const c = document.querySelector('dta-mini-chart').chart;"
                + "return [c.data[1].filter(v => v === null).length, c.series[1].spanGaps];");
        assertThat((List<Object>) gaps).as("one explicit null breaks the line, and uPlot does not bridge it")
                .containsExactly(1L, false);

        // Hover the middle of the plot: the tooltip shows a time and the series' value with its unit.
        WebElement over = host.getShadowRoot().findElement(By.cssSelector(".u-over"));
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(over).moveByOffset(-over.getSize().width / 4, 0)
                .perform();
        WebElement tip = host.getShadowRoot().findElement(By.cssSelector(".tip"));
        await().atMost(Duration.ofSeconds(10)).until(tip::isDisplayed);
        assertThat(tip.getText()).matches("(?s).+\\n.*: [0-9.]+ ms");
        Browser.screenshot(driver, "tooltip");

        // The viewer's dark setting: the brick's colours and the series palette switch without a reload.
        String lightStroke = (String) driver.executeScript(
                "return document.querySelector('dta-mini-chart').chart.series[1].stroke()");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> driver.executeScript(
                    "return document.querySelector('dta-mini-chart').chart.series[1].stroke()"), "#58a6ff"::equals);
            assertThat(lightStroke).isEqualTo("#1f6feb");
            assertThat(driver.executeScript("return getComputedStyle(document.querySelector('dta-mini-chart'))"
                    + ".backgroundColor")).isEqualTo("rgb(13, 17, 23)");
            Browser.screenshot(driver, "dark");

            // The overview follows the same setting, and its sparkline keeps the hole: two runs, two "M" moves.
            driver.get(storeBase() + "/");
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
            assertThat(driver.executeScript("return getComputedStyle(document.body).backgroundColor"))
                    .isEqualTo("rgb(13, 17, 23)");
            String d = driver.findElement(By.cssSelector("tr.metric-row[data-metric='gap.demo'] svg.spark path"))
                    .getAttribute("d");
            assertThat(d.chars().filter(ch -> ch == 'M').count()).as("sparkline path %s", d).isEqualTo(2);
            assertThat(driver.executeScript("return getComputedStyle(document.querySelector("
                    + "\"tr.metric-row[data-metric='gap.demo'] svg.spark path\")).stroke")).isEqualTo("rgb(88, 166, 255)");
            Browser.screenshot(driver, "overview-dark");
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        }
    }

    @Test
    void overviewListsMetricsAndShowsAFiringRuleAndAlert() throws Exception {
        long now = System.currentTimeMillis();
        append("permit.pay.ok", Map.of("service", "permits"), now - 50 * 60_000L, 50, 60_000);
        append("ach.volume_usd", Map.of("bank", "second"), now - 30 * 60_000L, 30, 60_000);
        append("svc.latency_ms", Map.of("service", "permits"), now - 20 * 60_000L, 20, 60_000);
        FakePeers.rulesJson = """
                {"rules":[
                 {"rule":{"id":"pay-success","metric":"permit.pay.ok"},"state":"firing","lastValue":0.91},
                 {"rule":{"id":"latency","metric":"svc.latency_ms"},"state":"ok","lastValue":120.5}]}""";
        FakePeers.alertsJson = """
                {"alerts":[{"id":"a1","status":"firing","rule":"pay-success","metric":"permit.pay.ok","value":0.91,
                 "observedAtMs":%d}]}""".formatted(now);

        driver.get(storeBase() + "/");
        await().atMost(Duration.ofSeconds(30)).until(
                () -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
        List<String> metrics = driver.findElements(By.cssSelector("tr.metric-row")).stream()
                .map(e -> e.getAttribute("data-metric")).toList();
        assertThat(metrics).contains("permit.pay.ok", "ach.volume_usd", "svc.latency_ms");
        WebElement firing = driver.findElement(By.cssSelector("tr.rule-row[data-rule='pay-success']"));
        assertThat(firing.getAttribute("data-state")).isEqualTo("firing");
        assertThat(firing.getText()).contains("pay-success", "permit.pay.ok", "firing", "0.91");
        assertThat(driver.findElement(By.cssSelector("tr.alert-row[data-rule='pay-success']")).getText())
                .contains("permit.pay.ok");

        driver.findElement(By.id("filter")).sendKeys("latency");
        assertThat(driver.findElement(By.cssSelector("tr.metric-row[data-metric='svc.latency_ms']")).isDisplayed())
                .isTrue();
        assertThat(driver.findElement(By.cssSelector("tr.metric-row[data-metric='permit.pay.ok']")).isDisplayed())
                .isFalse();
        // Empty the filter the way a user's edit does: change the value and fire 'input'.
        driver.executeScript("const f = document.getElementById('filter'); f.value = '';"
                + "f.dispatchEvent(new Event('input'));");
        driver.findElement(By.cssSelector("tr.metric-row[data-metric='permit.pay.ok']")).click();
        WebElement chart = driver.findElement(By.cssSelector("#chart-slot dta-mini-chart"));
        assertThat(waitForState(chart, "ok", "error", "no-data")).isEqualTo("ok");
        assertThat(chart.getAttribute("data-points")).isEqualTo("50");
        Browser.screenshot(driver, "overview");
    }
}
