package dta.observatory.ingest.edge;

import jakarta.enterprise.context.ApplicationScoped;

/** The flood guard's clock (nanoseconds); a bean so tests can stop time and make refills deterministic. */
@ApplicationScoped
public class FloodClock {

    public long nanos() {
        return System.nanoTime();
    }
}
