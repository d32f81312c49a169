package dta.observatory.store;

import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.RingBufferStorage;
import dta.observatory.store.storage.Storage;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the storage engine at boot and closes it on shutdown. */
@ApplicationScoped
public class StorageLifecycle {

    @Produces
    @Singleton
    @Startup
    Storage storage(@ConfigProperty(name = "dta.store.ring.capacity-per-series") int capacityPerSeries) {
        return new RingBufferStorage(capacityPerSeries);
    }

    @Produces
    @Singleton
    StoreQueries queries(Storage storage) {
        return new StoreQueries(storage);
    }

    void close(@Disposes Storage storage) {
        storage.close();
    }
}
