package io.contextstore.migration.operation;

/**
 * An import refused more records than its options allow ({@code maxErrors}, or {@code maxErrorRate}
 * once 100 records are read): it fails, and keeps nothing of what it wrote.
 */
public class ErrorBudgetExceededException extends RuntimeException {

    private final BudgetExceeded exceeded;

    public ErrorBudgetExceededException(BudgetExceeded exceeded) {
        super(exceeded.describe(), null, false, false);
        this.exceeded = exceeded;
    }

    public BudgetExceeded exceeded() {
        return exceeded;
    }

    /**
     * Which budget ({@code maxErrors} or {@code maxErrorRate}) and its {@code limit}, the record
     * {@code atRecord} at which it was exceeded, and the {@code refused} records of the first
     * {@code atRecord} then.
     */
    public record BudgetExceeded(String budget, Number limit, long atRecord, long refused) {

        String describe() {
            return budget + " " + limit + " exceeded at record " + atRecord + ": " + refused
                    + (budget.equals("maxErrors") ? (refused == 1 ? " record refused" : " records refused")
                    : " of " + atRecord + " records refused");
        }
    }
}
