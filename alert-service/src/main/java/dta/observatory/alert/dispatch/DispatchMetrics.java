package dta.observatory.alert.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of deliveries per channel: dta_alert_notifications_{sent,failed,retried,dead_lettered}_total and
 * the notifications the full outbox refused.
 */
public final class DispatchMetrics {

    private final MeterRegistry registry;
    private final Counter dropped;

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dropped = Counter.builder("dta.alert.notifications.dropped")
                .description("Notifications not queued because the outbox was full").register(registry);
    }

    void sent(String channel) {
        counter("dta.alert.notifications.sent", "Notifications delivered", channel).increment();
    }

    void failed(String channel) {
        counter("dta.alert.notifications.failed", "Notifications given up after every attempt", channel).increment();
    }

    void deadLettered(String channel) {
        counter("dta.alert.notifications.dead.lettered", "Notifications moved to the dead letters", channel)
                .increment();
    }

    void retried(String channel) {
        counter("dta.alert.notifications.retried", "Delivery attempts that failed and were scheduled again", channel)
                .increment();
    }

    void dropped() {
        dropped.increment();
    }

    private Counter counter(String name, String description, String channel) {
        return Counter.builder(name).description(description).tag("channel", channel).register(registry);
    }
}
