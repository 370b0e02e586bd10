package io.contextstore.migration.mapping;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2ComputedFieldTests extends ComputedFieldScenarios {
}
