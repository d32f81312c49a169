package dta.observatory.store.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Counts requests refused as bad input ({@code dta_store_queries_refused_total{api="rest|grpc"}}). */
@Singleton
public class RefusedQueries {

    private final Counter rest;
    private final Counter grpc;

    RefusedQueries(MeterRegistry registry) {
        rest = Counter.builder("dta.store.queries.refused").tag("api", "rest")
                .description("Store API requests refused as bad input (400 / INVALID_ARGUMENT)").register(registry);
        grpc = Counter.builder("dta.store.queries.refused").tag("api", "grpc")
                .description("Store API requests refused as bad input (400 / INVALID_ARGUMENT)").register(registry);
    }

    void rest() {
        rest.increment();
    }

    void grpc() {
        grpc.increment();
    }
}
