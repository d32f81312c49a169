package dta.observatory.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.ingest.emit.EmitPipeline;
import dta.observatory.ingest.emit.IngestMetrics;
import dta.observatory.ingest.emit.JsonSamples;
import dta.observatory.ingest.forward.StoreWriter;
import dta.observatory.ingest.validation.SampleValidator;
import dta.observatory.ingest.validation.ValidationLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the plain-Java ingest pipeline from configuration. */
@ApplicationScoped
public class IngestWiring {

    @Produces
    @Singleton
    @Startup
    IngestMetrics metrics(MeterRegistry registry) {
        return new IngestMetrics(registry);
    }

    @Produces
    @Singleton
    EmitPipeline pipeline(StoreWriter store, IngestMetrics metrics,
            @ConfigProperty(name = "dta.ingest.max-future") Duration maxFuture) {
        SampleValidator validator = new SampleValidator(new ValidationLimits(maxFuture.toMillis()));
        return new EmitPipeline(validator, store, metrics, System::currentTimeMillis);
    }

    @Produces
    @Singleton
    JsonSamples jsonSamples(ObjectMapper mapper) {
        return new JsonSamples(mapper);
    }
}
