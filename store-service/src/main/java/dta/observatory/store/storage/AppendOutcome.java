package dta.observatory.store.storage;

import java.util.List;

/** Result of an append: how many samples were stored and which were refused. */
public record AppendOutcome(int appended, List<SampleRejection> rejections) {

    public AppendOutcome {
        rejections = List.copyOf(rejections);
    }
}
