package dta.observatory.alert.dispatch;

import dta.observatory.alert.alerts.AlertRecord;

/**
 * One alert to deliver on one channel. The idempotency key is the same for every attempt, so a receiver can drop
 * the duplicates that at-least-once delivery may produce.
 */
public record Notification(String channel, AlertRecord alert, String idempotencyKey) {

    public static Notification of(String channel, AlertRecord alert) {
        return new Notification(channel, alert, alert.id() + ":" + channel);
    }
}
