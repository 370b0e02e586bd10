package io.contextstore.migration.undo;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2UndoTests extends UndoScenarios {
}
