package dta.observatory.store;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service runs on the durable engine, in a directory of its own per test run. */
@QuarkusTest
class StorageWiringTest {

    @Inject
    Storage storage;

    @Test
    void serviceUsesTheDurableEngine() {
        assertThat(storage).isInstanceOf(TsdbStorage.class);
        long now = System.currentTimeMillis();
        SeriesKey key = SeriesKey.of("wiring_test", Map.of("t", "1"));
        assertThat(storage.append(List.of(new StoredSample(key, now, 42.5))).appended()).isEqualTo(1);
        assertThat(storage.lastPoints("wiring_test", Map.of(), 1).series().get(0).points().get(0).value())
                .isEqualTo(42.5);
    }
}
