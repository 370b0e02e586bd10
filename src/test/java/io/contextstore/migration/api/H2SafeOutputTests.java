package io.contextstore.migration.api;

import io.contextstore.migration.support.OnH2;

/** H2 holds whatever the validator lets through; its refusals are covered by StoreRefusalsTests. */
@OnH2
class H2SafeOutputTests extends SafeOutputScenarios {

    @Override
    protected String refusedByTheStore() {
        return null;
    }

    @Override
    protected String refusal() {
        return null;
    }
}
