package io.contextstore.migration.packaging;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2PackagingTests extends PackagingScenarios {
}
