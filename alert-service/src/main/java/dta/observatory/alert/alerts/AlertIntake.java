package dta.observatory.alert.alerts;

import java.util.function.Function;

/** Receives an alert: journals, records and routes it. Shared by the gRPC and REST entry points. */
public final class AlertIntake {

    private final Function<AlertEvent, AlertRecord> pipeline;

    public AlertIntake(Function<AlertEvent, AlertRecord> pipeline) {
        this.pipeline = pipeline;
    }

    public AlertRecord receive(AlertEvent event) {
        return pipeline.apply(event);
    }
}
