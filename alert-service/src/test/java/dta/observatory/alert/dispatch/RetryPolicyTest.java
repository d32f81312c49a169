package dta.observatory.alert.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The "a receiver that is down for a minute" must not lose a page. DispatcherTest shows the mechanism on a
 * compressed clock (a receiver down while attempts fail gets everything when it comes back); this pins that the
 * shipped settings give a notification more than a minute of attempts before it becomes a dead letter, even when
 * every wait draws the largest jitter.
 */
class RetryPolicyTest {

    @Test
    void theShippedSettingsKeepTryingForMoreThanAMinute() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        RetryPolicy shipped = new RetryPolicy(Integer.parseInt(p.getProperty("dta.alert.retry.max-attempts")),
                Duration.parse("PT" + p.getProperty("dta.alert.retry.initial-backoff").toUpperCase()),
                Duration.parse("PT" + p.getProperty("dta.alert.retry.max-backoff").toUpperCase()),
                Double.parseDouble(p.getProperty("dta.alert.retry.jitter")));
        assertThat(shipped).isEqualTo(RetryPolicy.DEFAULT);

        long shortestSpanMs = 0;
        for (int failures = 1; failures < shipped.maxAttempts(); failures++) {
            shortestSpanMs += shipped.backoffMillis(failures, () -> 0.999_999);
        }
        assertThat(Duration.ofMillis(shortestSpanMs)).as("first to last attempt, largest jitter every time")
                .isGreaterThan(Duration.ofMinutes(1));
    }

    @Test
    void backoffDoublesUpToTheCapAndJitterOnlyShortensIt() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2);
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoffAfter(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffMillis(4, () -> 0)).isEqualTo(8_000);
        assertThat(policy.backoffMillis(4, () -> 0.5)).isEqualTo(7_200);
    }
}
