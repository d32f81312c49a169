package dta.observatory.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.alerts.AlertIntake;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.dispatch.Channel;
import dta.observatory.alert.dispatch.DispatchMetrics;
import dta.observatory.alert.dispatch.Dispatcher;
import dta.observatory.alert.dispatch.LogChannel;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.dispatch.WebhookChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Builds the channels, the dispatcher and the alert log from configuration. */
@ApplicationScoped
public class AlertWiring {

    private static final Logger LOG = Logger.getLogger(AlertWiring.class);

    @Produces
    @Singleton
    AlertLog alertLog(@ConfigProperty(name = "dta.alert.log-capacity") int capacity) {
        return new AlertLog(capacity, System::currentTimeMillis);
    }

    void stop(@Disposes Dispatcher dispatcher) {
        dispatcher.close();
    }

    @Produces
    @Singleton
    @Startup
    Dispatcher dispatcher(MeterRegistry registry, ObjectMapper json,
            @ConfigProperty(name = "dta.alert.delivery-threads") int threads,
            @ConfigProperty(name = "dta.alert.webhook.url") Optional<URI> webhookUrl,
            @ConfigProperty(name = "dta.alert.webhook.timeout") Duration webhookTimeout,
            @ConfigProperty(name = "dta.alert.default-channels") List<String> defaultChannels,
            @ConfigProperty(name = "dta.alert.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "dta.alert.retry.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "dta.alert.max-pending") int maxPending) {
        Map<String, Channel> channels = new HashMap<>();
        channels.put(LogChannel.NAME, new LogChannel());
        if (webhookUrl.isPresent()) {
            channels.put(WebhookChannel.NAME, new WebhookChannel(webhookUrl.get(), webhookTimeout, json));
            LOG.info("webhook channel configured"); // the URL may hold a token: never logged
        } else {
            LOG.info("webhook channel not configured (dta.alert.webhook.url): alerts naming it reach the log only");
        }
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "alert-delivery");
            t.setDaemon(true);
            return t;
        });
        return new Dispatcher(channels, defaultChannels, new RetryPolicy(maxAttempts, initialBackoff), executor,
                maxPending, new DispatchMetrics(registry));
    }

    @Produces
    @Singleton
    AlertIntake intake(AlertLog log, Dispatcher dispatcher) {
        return new AlertIntake(log, dispatcher::dispatch);
    }
}
