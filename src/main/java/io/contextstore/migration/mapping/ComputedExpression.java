package io.contextstore.migration.mapping;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;

/**
 * A computed field's expression: plain text with {@code ${…}} placeholders, in a grammar of this
 * project's own. A template is data any operator may post, and Camel Simple, which this replaced,
 * loads resources ({@code resource:file:…}), reads the environment and calls beans and methods;
 * this grammar reaches the record being imported or exported and the clock, and nothing else.
 *
 * <pre>
 * expression  = { text | placeholder }          at most maxLength characters
 * placeholder = "${" term "}"
 * term        = "date:now" [":" pattern] | "date-with-timezone:now:" zone ":" pattern
 *             | "uuid" | "random(" int ")" | "random(" int "," int ")" | value
 * value       = ("record" | "body") "." name {"." name}       name = [A-Za-z0-9_-]+
 *             | ("uppercase" | "lowercase" | "trim") "(" arg ")"
 *             | "concat(" arg "," arg {"," arg} ")" | "substring(" arg "," int ["," int] ")"
 * arg         = value | "'" text with '' for a quote "'"
 * </pre>
 *
 * Text may not hold {@code #{}, {@code {{} or {@code $name{}, and an expression may not start with
 * {@code name:} and no space after the colon: these are other languages' syntax (SpEL, property placeholders, {@code $simple{},
 * language and resource prefixes), refused rather than passed on as text that a Simple reader of the
 * same template would run. {@code new Date()} (the migration guide's form) is the current time.
 */
final class ComputedExpression {

    /** The refusals' common ending: what a computed field may use. */
    static final String ALLOWED = "a computed field may use only ${record.<field>} (or ${body.<field>}), "
            + "uppercase, lowercase, trim, concat and substring of them, ${date:now[:pattern]}, "
            + "${date-with-timezone:now:<zone>:<pattern>}, ${random(n)}, ${random(m,n)} and ${uuid} in plain text";

    private static final Pattern PREFIX = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9+.\\-]*):(?=\\S)");
    private static final Pattern FOREIGN = Pattern.compile("#\\{|\\{\\{|\\$[A-Za-z]+\\{");
    private static final Pattern DATE_NOW = Pattern.compile("date:now(?::(.+))?", Pattern.DOTALL);
    private static final Pattern DATE_ZONE = Pattern.compile("date-with-timezone:now:([A-Za-z0-9_/+\\-]+):(.+)",
            Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ZonedDateTime SAMPLE = ZonedDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_789, ZoneOffset.UTC);
    private static final int MAX_INT_DIGITS = 9;

    /** How long an expression may be and how deeply its functions nest. */
    /** {@code maxChars}: the longest text an expression may build (migration.templates.max-computed-size). */
    record Limits(int maxLength, int maxNesting, int maxChars) {
    }

    /** The expression cannot be used; the message says why. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** A value the record gave that a function cannot take (an object where text is needed). */
    static final class Unfit extends RuntimeException {
        Unfit(String message) {
            super(message);
        }
    }

    /** Yields a String, an Instant, an Integer, a JSON value of the record, or null. */
    private interface Part {
        Object value(ObjectNode record, Clock clock);
    }

    private final List<Part> parts;
    private final int maxChars;

    private ComputedExpression(List<Part> parts, int maxChars) {
        this.parts = parts;
        this.maxChars = maxChars;
    }

    /**
     * The expression's value for this record: the placeholder's own value (a record field keeps its
     * JSON type, {@code date:now} is an instant) when it is all there is, else the text of every part
     * in order, an absent field as empty text. Null when a lone placeholder has no value.
     */
    Object evaluate(ObjectNode record, Clock clock) {
        if (parts.size() == 1) {
            return parts.get(0).value(record, clock);
        }
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            Object value = part.value(record, clock);
            append(text, value == null ? "" : text(value, part.toString()), maxChars);
        }
        return text.toString();
    }

    /** Checked before it is built: ten uses of a 10 MB field must not take 100 MB first. */
    static void append(StringBuilder text, String piece, int maxChars) {
        if ((long) text.length() + piece.length() > maxChars) {
            throw new Unfit("comes to more than " + maxChars + " characters (migration.templates.max-computed-size)");
        }
        text.append(piece);
    }

    static ComputedExpression parse(String expression, Limits limits) {
        if (expression.length() > limits.maxLength()) {
            throw new Refused("is longer than " + limits.maxLength() + " characters");
        }
        if (expression.strip().equals("new Date()")) {
            return new ComputedExpression(List.of((r, clock) -> now(clock)), limits.maxChars());
        }
        Matcher prefix = PREFIX.matcher(expression);
        if (prefix.find()) {
            throw new Refused("starts with '" + prefix.group(1) + ":', a language or resource prefix");
        }
        return new ComputedExpression(List.copyOf(new Parser(expression, limits).expression()), limits.maxChars());
    }

    private static Instant now(Clock clock) {
        // as Simple's java.util.Date gave it: milliseconds
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The text of a value: a record's object or list has none. */
    static String text(Object value, String what) {
        if (value instanceof JsonNode node) {
            if (node.isContainerNode()) {
                throw new Unfit(what + " is " + (node.isArray() ? "a list" : "an object") + ", not text");
            }
            return node.asText();
        }
        return value.toString();
    }

    private static final class Parser {
        private final String s;
        private final Limits limits;
        private int pos;

        Parser(String s, Limits limits) {
            this.s = s;
            this.limits = limits;
        }

        List<Part> expression() {
            List<Part> parts = new ArrayList<>();
            while (pos < s.length()) {
                int open = s.indexOf("${", pos);
                String literal = s.substring(pos, open < 0 ? s.length() : open);
                Matcher foreign = FOREIGN.matcher(literal);
                if (foreign.find()) {
                    throw new Refused("'" + foreign.group() + "' is another language's syntax");
                }
                if (!literal.isEmpty()) {
                    parts.add((r, c) -> literal);
                }
                if (open < 0) {
                    break;
                }
                pos = open + 2;
                parts.add(placeholder());
            }
            return parts;
        }

        private Part placeholder() {
            int start = pos;
            int close = s.indexOf('}', pos);
            String raw = close < 0 ? null : s.substring(pos, close).strip();
            if (raw != null && (raw.startsWith("date:") || raw.startsWith("date-with-timezone:"))) {
                pos = close + 1;
                return date(raw);
            }
            skipSpaces();
            String name = peekName();
            Part part;
            if (name.equals("uuid") && !following("uuid", '(')) {
                pos += name.length();
                part = (r, c) -> UUID.randomUUID().toString();
            } else if (name.equals("random") && following("random", '(')) {
                part = random();
            } else {
                part = value(1);
            }
            skipSpaces();
            if (pos >= s.length() || s.charAt(pos) != '}') {
                throw new Refused(pos >= s.length() ? "'${" + s.substring(start) + "' is not closed with '}'"
                        : "unexpected '" + s.charAt(pos) + "' at character " + (pos + 1) + " in the placeholder");
            }
            pos++;
            return part;
        }

        private Part date(String raw) {
            Matcher now = DATE_NOW.matcher(raw);
            if (now.matches()) {
                if (now.group(1) == null) {
                    return (r, clock) -> now(clock);
                }
                DateTimeFormatter format = pattern(now.group(1).strip(), ZoneOffset.UTC);
                return (r, clock) -> format.format(clock.instant());
            }
            Matcher zoned = DATE_ZONE.matcher(raw);
            if (zoned.matches()) {
                ZoneId zone;
                try {
                    zone = ZoneId.of(zoned.group(1));
                } catch (DateTimeException e) {
                    throw new Refused("'" + zoned.group(1) + "' is not a time zone");
                }
                DateTimeFormatter format = pattern(zoned.group(2).strip(), zone);
                return (r, clock) -> format.format(clock.instant());
            }
            throw new Refused("${" + raw + "}: the date functions read only the clock (date:now)");
        }

        private static DateTimeFormatter pattern(String pattern, ZoneId zone) {
            if (pattern.isEmpty() || pattern.contains("$")) {
                throw new Refused("'" + pattern + "' is not a date pattern");
            }
            try {
                DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone);
                format.format(SAMPLE);
                return format;
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new Refused("'" + pattern + "' is not a java.time date pattern");
            }
        }

        private Part random() {
            pos += "random(".length();
            int low = 0;
            int high = integer();
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                low = high;
                high = integer();
                skipSpaces();
            }
            expect(')');
            if (high <= low) {
                throw new Refused("random needs a bound above " + low);
            }
            int from = low;
            int to = high;
            return (r, c) -> ThreadLocalRandom.current().nextInt(from, to);
        }

        private Part value(int depth) {
            skipSpaces();
            int at = pos;
            String name = peekName();
            if (name.isEmpty()) {
                throw new Refused(pos >= s.length() ? "a placeholder is not closed with '}'"
                        : "unexpected '" + s.charAt(pos) + "' at character " + (pos + 1));
            }
            pos += name.length();
            if (name.equals("record") || name.equals("body")) {
                return path(name);
            }
            if (pos >= s.length() || s.charAt(pos) != '(') {
                pos = at;
                throw new Refused("'" + name + "' is neither a record field (${record.<field>}) nor a function");
            }
            if (depth > limits.maxNesting()) {
                throw new Refused("functions are nested deeper than " + limits.maxNesting());
            }
            pos++;
            return switch (name) {
                case "uppercase" -> unary(depth, v -> v.toUpperCase(Locale.ROOT));
                case "lowercase" -> unary(depth, v -> v.toLowerCase(Locale.ROOT));
                case "trim" -> unary(depth, String::strip);
                case "concat" -> concat(depth);
                case "substring" -> substring(depth);
                default -> throw new Refused("'" + name + "(…)' is not a function a computed field may use");
            };
        }

        private Part path(String root) {
            List<String> names = new ArrayList<>();
            while (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                String name = peekName();
                if (name.isEmpty()) {
                    throw new Refused("'" + root + "." + String.join(".", names) + "' needs a field name after '.'");
                }
                names.add(name);
                pos += name.length();
            }
            if (names.isEmpty()) {
                throw new Refused("'" + root + "' must name a field: ${" + root + ".<field>}");
            }
            if (pos < s.length() && (s.charAt(pos) == '(' || s.charAt(pos) == '[')) {
                throw new Refused("'" + root + "." + String.join(".", names) + s.charAt(pos)
                        + "': a field is read, never called or indexed");
            }
            String[] segments = names.toArray(String[]::new);
            String label = root + "." + String.join(".", names);
            return new Part() {
                public Object value(ObjectNode record, Clock clock) {
                    JsonNode at = record;
                    for (String segment : segments) {
                        at = at == null ? null : at.get(segment);
                    }
                    return at == null || at.isNull() ? null : at;
                }

                @Override
                public String toString() {
                    return label;
                }
            };
        }

        private Part unary(int depth, UnaryOperator<String> function) {
            Part arg = arg(depth);
            expect(')');
            return (r, c) -> {
                Object value = arg.value(r, c);
                return value == null ? null : function.apply(text(value, arg.toString()));
            };
        }

        private Part concat(int depth) {
            List<Part> args = new ArrayList<>();
            args.add(arg(depth));
            do {
                expect(',');
                args.add(arg(depth));
                skipSpaces();
            } while (pos < s.length() && s.charAt(pos) == ',');
            expect(')');
            return (r, c) -> {
                StringBuilder text = new StringBuilder();
                for (Part arg : args) {
                    Object value = arg.value(r, c);
                    append(text, value == null ? "" : text(value, arg.toString()), limits.maxChars());
                }
                return text.toString();
            };
        }

        private Part substring(int depth) {
            Part arg = arg(depth);
            expect(',');
            int begin = integer();
            skipSpaces();
            Integer end = null;
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                end = integer();
                skipSpaces();
            }
            expect(')');
            Integer last = end;
            return (r, c) -> {
                Object value = arg.value(r, c);
                if (value == null) {
                    return null;
                }
                String text = text(value, arg.toString());
                int length = text.codePointCount(0, text.length());
                int from = Math.min(begin, length);
                int to = Math.max(from, Math.min(last == null ? length : last, length));
                return text.substring(text.offsetByCodePoints(0, from), text.offsetByCodePoints(0, to));
            };
        }

        /** A function's argument: a record field, a function of one, or a quoted literal. */
        private Part arg(int depth) {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '\'') {
                StringBuilder literal = new StringBuilder();
                pos++;
                while (true) {
                    if (pos >= s.length()) {
                        throw new Refused("a quoted text is not closed with '");
                    }
                    char c = s.charAt(pos++);
                    if (c == '\'') {
                        if (pos < s.length() && s.charAt(pos) == '\'') {
                            pos++;
                        } else {
                            break;
                        }
                    }
                    literal.append(c);
                }
                String text = literal.toString();
                return new Part() {
                    public Object value(ObjectNode record, Clock clock) {
                        return text;
                    }

                    @Override
                    public String toString() {
                        return "'" + text + "'";
                    }
                };
            }
            return value(depth + 1);
        }

        private int integer() {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start || pos - start > MAX_INT_DIGITS) {
                throw new Refused(pos == start ? "a whole number is expected at character " + (start + 1)
                        : "'" + s.substring(start, pos) + "' is too large");
            }
            return Integer.parseInt(s.substring(start, pos));
        }

        private void expect(char c) {
            skipSpaces();
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new Refused("'" + c + "' is expected at character " + (pos + 1));
            }
            pos++;
        }

        private boolean following(String name, char c) {
            int after = pos + name.length();
            return after < s.length() && s.charAt(after) == c;
        }

        private String peekName() {
            Matcher m = NAME.matcher(s).region(pos, s.length());
            return m.lookingAt() ? m.group() : "";
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
