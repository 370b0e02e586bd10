package io.contextstore.migration.mapping;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Whether a date-time is already in the store's canonical form, what {@code Instant.toString()}
 * gives for a time in whole microseconds: {@code 2024-05-01T12:00:00Z}, {@code ...00.120Z} or
 * {@code ...00.123456Z}. Most inputs are, and checking that is a few character comparisons where
 * {@code OffsetDateTime.parse} allocates some 2 KB per value: hand-written because the JDK's
 * formatters have no allocation-free way to validate.
 */
final class CanonicalInstant {

    private CanonicalInstant() {
    }

    static boolean is(String text) {
        int length = text.length();
        if ((length != 20 && length != 24 && length != 27) || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return false;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && !validDay(year, month, day)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        if (length == 20) {
            return true;
        }
        // Instant.toString() prints the fraction in groups of three digits and drops a last group of zeros
        if (text.charAt(19) != '.' || digits(text, 20, length - 1) < 0) {
            return false;
        }
        return !text.startsWith("000", length - 4);
    }

    private static boolean validDay(int year, int month, int day) {
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The number the ASCII digits from {@code from} to {@code to} spell, or -1 if one is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
