package io.contextstore.migration.record;

import java.util.List;

/** The outcome of a stage that may refuse records (validate, write): those refused, in input order. */
public interface Refusals {

    List<Rejection> rejected();

    default boolean anyRejected() {
        return !rejected().isEmpty();
    }

    default Rejection firstRejected() {
        return rejected().get(0);
    }
}
