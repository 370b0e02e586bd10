package io.contextstore.migration.inbox;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2ManifestInboxTests extends ManifestInboxScenarios {
}
