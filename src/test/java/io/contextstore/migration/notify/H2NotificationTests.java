package io.contextstore.migration.notify;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2NotificationTests extends NotificationScenarios {
}
