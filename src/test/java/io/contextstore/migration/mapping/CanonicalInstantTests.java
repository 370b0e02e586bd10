package io.contextstore.migration.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The shortcut agrees with what the full parse and {@code Instant.toString()} make of a date-time. */
class CanonicalInstantTests {

    @Test
    void shouldTakeWhatInstantPrintsForAnyTimeInMicroseconds() {
        SplittableRandom random = new SplittableRandom(7);
        long last = Instant.parse("9999-12-31T23:59:59.999999Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(), last),
                    switch (i % 3) { case 0 -> 0; case 1 -> random.nextInt(1000) * 1_000_000; default -> random.nextInt(1_000_000) * 1000; });
            assertThat(CanonicalInstant.is(at.toString())).as(at.toString()).isTrue();
        }
    }

    @Test
    void shouldTakeNothingTheFullParseWouldStoreDifferently() {
        SplittableRandom random = new SplittableRandom(11);
        String[] seeds = {"2024-02-29T23:59:59Z", "2100-02-28T00:00:00.123Z", "0000-02-29T12:00:00.000100Z",
                "1999-12-31T23:59:59.999999Z", "2023-01-31T00:00:00Z"};
        String alphabet = "0123456789-:.TZ+";
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(seeds[i % seeds.length]);
            for (int change = 1 + random.nextInt(3); change > 0; change--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String mutated = text.toString();
            if (CanonicalInstant.is(mutated)) {
                accepted++;
                assertThat(canonical(mutated)).as(mutated).isEqualTo(mutated);
            }
        }
        // digits changed in place keep many of them canonical: the check above is not vacuous
        assertThat(accepted).isGreaterThan(10_000);
        for (String day : new String[] {"2100-02-29", "2023-02-29", "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31"}) {
            assertThat(CanonicalInstant.is(day + "T00:00:00Z")).as(day).isFalse();
        }
        for (String day : new String[] {"2000-02-29", "0000-02-29", "2024-01-31", "2024-03-31", "2024-12-31", "2024-04-30"}) {
            assertThat(CanonicalInstant.is(day + "T00:00:00Z")).as(day).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T00:00:00Z", "2024-02-29T23:59:59.120Z", "2023-12-31T10:00:00.000001Z", "0001-01-01T00:00:00Z"})
    void shouldTakeCanonicalDateTimes(String text) {
        assertThat(CanonicalInstant.is(text)).isTrue();
        assertThat(canonical(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.120000Z", "2024-01-01T00:00:00.1Z",
            "2024-01-01T00:00:00.1234567Z", "2024-01-01T00:00:00+00:00", "2024-01-01T01:00:00+01:00", "2024-01-01t00:00:00Z",
            "2024-01-01T00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
            "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01 00:00:00Z",
            "+2024-01-01T00:00:00Z", "2024-01-01T00:00:0aZ", "2024-01-01T00:00:00.12aZ", "２０２４-01-01T00:00:00Z"})
    void shouldLeaveEverythingElseToTheFullParse(String text) {
        assertThat(CanonicalInstant.is(text)).isFalse();
        assertThat(canonical(text)).isNotEqualTo(text);
    }

    /** What the validator's full path stores for a date-time, or null where it refuses it. */
    private static String canonical(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
