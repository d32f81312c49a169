package dta.observatory.ingest.validation;

/** Why a sample is refused: a kind for counting and a message for the sender. */
public record Problem(Kind kind, String message) {

    /** Kinds of refusal; each maps to one dta.v1 RejectReason and one counter label. */
    public enum Kind {
        EMPTY_NAME, INVALID_NAME, NON_FINITE_VALUE, INVALID_LABEL, TIMESTAMP_OUT_OF_BOUNDS, OUT_OF_ORDER,
        CARDINALITY_LIMIT
    }
}
