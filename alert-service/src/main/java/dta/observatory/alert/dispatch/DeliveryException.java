package dta.observatory.alert.dispatch;

/** A notification did not arrive (receiver down, error status, timeout). The message never contains secrets. */
public class DeliveryException extends Exception {

    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
