package dta.observatory.store.browser;

import static org.awaitility.Awaitility.await;

import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Speed figures for BENCHMARKS.md ("Surfaces"), not a test (surefire does not pick up *Benchmark; nothing is asserted
 * on time). Run: mvn -B -o -pl store-service -am package -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 */
@QuarkusTest
@QuarkusTestResource(value = FakePeers.class, restrictToAnnotatedClass = true)
class DashboardBenchmark {

    @Inject
    Storage storage;

    @TestHTTPResource("/")
    URL store;

    @Test
    void rangeOfOneDayAtOneMinuteStepAndOverviewOfAThousandMetrics() throws Exception {
        StringBuilder report = new StringBuilder();
        long now = System.currentTimeMillis();
        long dayAgo = now - 86_400_000L;
        List<StoredSample> day = new ArrayList<>();
        for (int i = 0; i < 8_640; i++) {
            day.add(new StoredSample(SeriesKey.of("bench.day", Map.of("service", "permits")), dayAgo + i * 10_000L,
                    Math.sin(i / 100.0)));
        }
        storage.append(day);
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(store + "api/v1/range?metric=bench.day&from=" + dayAgo + "&to=" + now + "&step=1m&agg=avg");
        for (int i = 0; i < 100; i++) {
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        }
        long[] ns = new long[300];
        int size = 0;
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            size = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body().length();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        report.append(String.format("range 1 day of 10 s data (8,640 points) at 1 m step (1,440 points, %d bytes) over HTTP:"
                + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (300 requests after 100 warm-up)%n", size,
                ns[150] / 1e6, ns[270] / 1e6, ns[297] / 1e6, ns[299] / 1e6));

        List<StoredSample> many = new ArrayList<>();
        for (int m = 0; m < 1_000; m++) {
            for (int i = 0; i < 60; i++) {
                many.add(new StoredSample(SeriesKey.of(String.format("bench.metric.%04d", m), Map.of()),
                        now - 3_600_000L + i * 60_000L, m + Math.sin(i / 5.0)));
            }
        }
        storage.append(many);
        ChromeDriver driver = Browser.start(1200, 900);
        try {
            long[] ready = new long[6];
            long[] sparklineRequest = new long[6];
            for (int run = 0; run < ready.length; run++) {
                driver.get(store + "?run=" + run);
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
                ready[run] = Long.parseLong(driver.findElement(By.tagName("body")).getAttribute("data-ready-ms"));
                // Of that, the one sparklines request (server time + transfer), from the browser's resource timing.
                sparklineRequest[run] = ((Number) driver.executeScript("return Math.round(performance"
                        + ".getEntriesByType('resource').find(e => e.name.includes('dashboard/sparklines')).duration)"))
                        .longValue();
            }
            int rows = driver.findElements(By.cssSelector("tr.metric-row")).size();
            long[] measured = Arrays.copyOfRange(ready, 1, ready.length);
            Arrays.sort(measured);
            report.append(String.format("overview of %d metrics with sparklines, navigation start to every row and "
                    + "sparkline drawn in headless Chromium: median %d ms, min %d ms, max %d ms (5 loads after 1 "
                    + "warm-up; all runs %s); of which the sparklines request took %s ms%n", rows, measured[2], measured[0],
                    measured[4], Arrays.toString(ready), Arrays.toString(sparklineRequest)));
            Browser.screenshot(driver, "overview-1000");
        } finally {
            driver.quit();
        }
        System.out.print(report);
        Path out = Path.of("target", "benchmarks", "surfaces.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }
}
