package io.contextstore.migration.notify;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresNotificationTests extends NotificationScenarios {
}
