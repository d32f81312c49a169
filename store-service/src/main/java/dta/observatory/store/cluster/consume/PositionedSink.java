package dta.observatory.store.cluster.consume;

import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.StoredSample;
import java.util.List;
import java.util.Map;

/**
 * Where the consumer puts what it read: samples together with the source positions (partition → next offset to
 * read) they bring the store to, durable in one step; and the positions it made durable. The durable engine is
 * one ({@link #of}); tests wrap it to make appends fail.
 */
public interface PositionedSink {

    /** Stores the samples and the positions atomically; returns once both are durable. */
    AppendOutcome append(List<StoredSample> samples, Map<Integer, Long> positions);

    /** The positions recorded with durable samples: where consuming resumes. */
    Map<Integer, Long> sourcePositions();

    static PositionedSink of(TsdbStorage storage) {
        return new PositionedSink() {
            @Override
            public AppendOutcome append(List<StoredSample> samples, Map<Integer, Long> positions) {
                return storage.append(samples, positions);
            }

            @Override
            public Map<Integer, Long> sourcePositions() {
                return storage.sourcePositions();
            }
        };
    }
}
