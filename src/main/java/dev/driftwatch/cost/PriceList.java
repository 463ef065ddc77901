package dev.driftwatch.cost;

/**
 * On-demand list prices in US dollars, as the pricing pages stated them on {@code asOf}.
 *
 * @param perMillionWriteUnits DynamoDB write request units (standard table class)
 * @param perMillionReadUnits DynamoDB read request units
 * @param perMillionStreamReads DynamoDB Streams read request units (one per GetRecords call)
 * @param perMillionPublishes SNS publishes (one per 64 KB)
 */
public record PriceList(
        String region,
        String asOf,
        double perMillionWriteUnits,
        double perMillionReadUnits,
        double perMillionStreamReads,
        double perMillionPublishes) {

    /** us-east-1, on-demand, after DynamoDB's price cut of 1 November 2024. */
    public static final PriceList US_EAST_1 = new PriceList("us-east-1", "2024-11-01", 0.625, 0.125, 0.20, 0.50);

    public double dollars(double writeUnits, double readUnits, double streamReads, double publishes) {
        return (writeUnits * perMillionWriteUnits
                        + readUnits * perMillionReadUnits
                        + streamReads * perMillionStreamReads
                        + publishes * perMillionPublishes)
                / 1_000_000;
    }
}
