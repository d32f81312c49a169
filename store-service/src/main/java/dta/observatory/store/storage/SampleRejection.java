package dta.observatory.store.storage;

/** A sample the storage refused, by its position in the appended batch. */
public record SampleRejection(int index, Reason reason, String message) {

    /** Why storage refuses a sample. */
    public enum Reason {
        /** Older than the series' retained window allows. */
        OUT_OF_ORDER,
        /** Too far in the future or the past. */
        TIMESTAMP_OUT_OF_BOUNDS
    }
}
