package dta.observatory.alert.alerts;

import java.util.function.Consumer;

/** Receives an alert: records it, then hands it to delivery. Shared by the gRPC and REST entry points. */
public final class AlertIntake {

    private final AlertLog log;
    private final Consumer<AlertRecord> delivery;

    public AlertIntake(AlertLog log, Consumer<AlertRecord> delivery) {
        this.log = log;
        this.delivery = delivery;
    }

    public AlertRecord receive(AlertEvent event) {
        AlertRecord record = log.record(event);
        delivery.accept(record);
        return record;
    }
}
