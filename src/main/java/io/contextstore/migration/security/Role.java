package io.contextstore.migration.security;

import java.util.Locale;

/** What a caller may do: viewers read, operators run imports and exports, admins do everything. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    static Role parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unknown role '" + value + "' in migration.security.tokens; "
                    + "use viewer, operator or admin");
        }
    }
}
