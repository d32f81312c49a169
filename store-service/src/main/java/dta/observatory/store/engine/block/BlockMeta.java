package dta.observatory.store.engine.block;

/**
 * What a block's footer says about it.
 *
 * @param kind        {@link #RAW} samples or hourly {@link #ROLLUP} aggregates
 * @param columns     value columns per row (1 for raw; count, sum, min, max, last for roll-ups)
 * @param minTs       oldest timestamp in the block
 * @param maxTs       newest timestamp in the block
 * @param rows        samples (raw) or hour rows (roll-up)
 * @param walSegment  raw blocks: the WAL segment that was current right after the cut; samples in older segments
 *                    with {@code ts < cutoff} are in this block and must not be replayed into the head again (nor
 *                    the checkpoint samples of that segment in this block's time range); roll-ups keep the value
 *                    of the block they replace
 * @param cutoff      raw blocks: the head cut took every sample with {@code ts < cutoff}; roll-ups: as walSegment
 */
public record BlockMeta(int kind, int columns, long minTs, long maxTs, long rows, int walSegment, long cutoff) {
    public static final int RAW = 0;
    public static final int ROLLUP = 1;
}
