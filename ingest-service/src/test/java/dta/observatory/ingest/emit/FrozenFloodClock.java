package dta.observatory.ingest.emit;

import dta.observatory.ingest.edge.FloodClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/** The flood guard's clock in tests: real time unless a test freezes it, so no tokens refill between calls. */
@Alternative
@Priority(1)
@ApplicationScoped
public class FrozenFloodClock extends FloodClock {

    private static volatile Long frozen;

    static void freeze() {
        frozen = System.nanoTime();
    }

    static void thaw() {
        frozen = null;
    }

    @Override
    public long nanos() {
        Long f = frozen;
        return f != null ? f : System.nanoTime();
    }
}
