package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.Window;
import java.util.Map;

/** Reads the last values of a metric for a rule: the store over gRPC in the service, a fake in unit tests. */
public interface SliceSource {

    /**
     * @return at most {@code n} values, oldest first, over all series matching {@code matchers}
     * @throws RuntimeException when the data cannot be read (the rule goes to ERROR for this cycle)
     */
    Window lastValues(String metric, Map<String, String> matchers, int n);
}
