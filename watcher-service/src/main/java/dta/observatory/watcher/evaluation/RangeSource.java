package dta.observatory.watcher.evaluation;

import java.util.Map;

/**
 * Reads the raw points of a metric between two instants: the store's Range rpc in the service, a fake in unit
 * tests. Used for the AutoWatcher's seasonal history, which {@link SeasonalHistory} caches.
 */
public interface RangeSource {

    /**
     * @return every matching series with its points in [fromMs, toMs], oldest first, or no data
     * @throws RuntimeException when the data cannot be read
     */
    SliceSource.Result range(String metric, Map<String, String> matchers, long fromMs, long toMs);
}
