package dta.observatory.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.ingest.edge.FloodClock;
import dta.observatory.ingest.emit.EmitPipeline;
import dta.observatory.ingest.emit.IngestMetrics;
import dta.observatory.ingest.emit.JsonSamples;
import dta.observatory.ingest.auth.BearerTokens;
import dta.observatory.ingest.backpressure.BoundedStoreWriter;
import dta.observatory.ingest.cardinality.CardinalityLimiter;
import dta.observatory.ingest.floodguard.FloodGuard;
import dta.observatory.ingest.floodguard.FloodGuardOptions;
import dta.observatory.ingest.kafka.KafkaSink;
import dta.observatory.ingest.forward.StoreChannel;
import dta.observatory.ingest.forward.StoreWriter;
import dta.observatory.ingest.forward.StreamingStoreWriter;
import dta.observatory.ingest.pii.PiiGuard;
import dta.observatory.ingest.validation.SampleValidator;
import dta.observatory.ingest.validation.ValidationLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the plain-Java ingest pipeline from configuration. */
@ApplicationScoped
public class IngestWiring {

    private static final Logger LOG = Logger.getLogger(IngestWiring.class);

    @Produces
    @Singleton
    @Startup
    IngestMetrics metrics(MeterRegistry registry) {
        return new IngestMetrics(registry);
    }

    @Produces
    @Singleton
    EmitPipeline pipeline(BoundedStoreWriter store, IngestMetrics metrics, FloodGuard floodGuard,
            @ConfigProperty(name = "dta.ingest.max-future") Duration maxFuture,
            @ConfigProperty(name = "dta.ingest.pii.denied-labels") List<String> deniedLabels,
            @ConfigProperty(name = "dta.ingest.cardinality.max-series-per-metric") int maxSeriesPerMetric,
            @ConfigProperty(name = "dta.ingest.cardinality.max-metrics") int maxMetrics) {
        SampleValidator validator = new SampleValidator(new ValidationLimits(maxFuture.toMillis()));
        Set<String> denied = deniedLabels.stream().map(String::trim).filter(n -> !n.isEmpty())
                .collect(Collectors.toSet());
        PiiGuard pii = new PiiGuard(denied, List.of(PiiGuard.EMAIL, PiiGuard.SSN_LIKE));
        return new EmitPipeline(validator, store, metrics, System::currentTimeMillis, pii, floodGuard,
                new CardinalityLimiter(maxSeriesPerMetric, maxMetrics));
    }

    @Produces
    @Singleton
    FloodGuard floodGuard(@ConfigProperty(name = "dta.ingest.flood.overall-per-second") double overall,
            @ConfigProperty(name = "dta.ingest.flood.per-source-per-second") double perSource, FloodClock clock) {
        return new FloodGuard(new FloodGuardOptions(overall, perSource, 10_000), clock::nanos);
    }

    @Produces
    @Singleton
    BoundedStoreWriter boundedStore(@ConfigProperty(name = "dta.ingest.sink") String sink,
            Instance<StreamingStoreWriter> store, Instance<KafkaSink> kafka,
            @ConfigProperty(name = "dta.ingest.store.max-in-flight") int maxInFlight,
            @ConfigProperty(name = "dta.ingest.store.max-waiting") int maxWaiting) {
        StoreWriter next = switch (sink) {
            case "store" -> store.get();
            case "kafka" -> kafka.get();
            default -> throw new IllegalArgumentException("dta.ingest.sink must be 'store' or 'kafka', got '" + sink
                    + "'");
        };
        return new BoundedStoreWriter(next, maxInFlight, maxWaiting);
    }

    /** Batches go to the store over AppendStream; BoundedStoreWriter in front bounds how many are pending. */
    @Produces
    @Singleton
    StreamingStoreWriter streamingStore(StoreChannel channel,
            @ConfigProperty(name = "dta.ingest.store.streams") int streams,
            @ConfigProperty(name = "dta.ingest.store-timeout") Duration timeout) {
        return new StreamingStoreWriter(channel, streams, timeout);
    }

    void closeStreamingStore(@Disposes StreamingStoreWriter store) {
        store.close();
    }

    @Produces
    @Singleton
    @Startup
    BearerTokens tokens(@ConfigProperty(name = "dta.ingest.tokens") Optional<String> spec) {
        BearerTokens tokens = BearerTokens.parse(spec.orElse(""));
        if (tokens.enabled()) {
            LOG.infof("bearer-token auth is ON for write paths; sources: %s", tokens); // sources only, no tokens
        } else {
            LOG.warn("bearer-token auth is OFF: dta.ingest.tokens (DTA_INGEST_TOKENS) is empty, every caller may "
                    + "write");
        }
        return tokens;
    }

    @Produces
    @Singleton
    JsonSamples jsonSamples(ObjectMapper mapper) {
        return new JsonSamples(mapper);
    }
}
