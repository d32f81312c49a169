package dta.observatory.alert.dispatch;

/** A way to tell someone: a webhook, the log, ... Implementations are thread-safe. */
public interface Channel {

    /** The name rules use to pick this channel, e.g. "webhook". */
    String name();

    /**
     * Delivers one notification.
     *
     * @throws DeliveryException when it did not arrive; the dispatcher may try again
     */
    void deliver(Notification notification) throws DeliveryException;
}
