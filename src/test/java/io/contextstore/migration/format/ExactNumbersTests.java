package io.contextstore.migration.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExactNumbersTests {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(ExactNumbers.module());

    @ParameterizedTest
    @ValueSource(strings = {"1.5E+9999", "1.23E-787", "3.14159265358979323846264338327950", "123456789012345678901234567890",
            "-0.0", "-0", "1.50", "0.1", "1e3", "1E3", "-2.5e-3", "42", "-9223372036854775809"})
    void shouldReadAndWriteEveryJsonNumberAsItsOwnText(String number) throws Exception {
        JsonNode tree = mapper.readTree("{\"n\":[" + number + ",{\"m\":" + number + "}]}");

        assertThat(tree.get("n").get(0).isNumber()).isTrue();
        assertThat(tree.get("n").get(0).asText()).isEqualTo(number);
        assertThat(mapper.writeValueAsString(tree)).isEqualTo("{\"n\":[" + number + ",{\"m\":" + number + "}]}");
        assertThat(ExactNumbers.parse(number).toString()).isEqualTo(number);
    }

    @Test
    void shouldRefuseAnExponentNoDecimalHoldsInsteadOfChangingIt() {
        assertThatThrownBy(() -> mapper.readTree("{\"n\":1e2147483648}"))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("the number 1e2147483648 has an exponent beyond what a decimal holds");
        assertThat(ExactNumbers.parse("1e2147483648")).isNull();
        assertThat(ExactNumbers.parse("Infinity")).isNull();
        assertThat(ExactNumbers.parse("NaN")).isNull();
    }

    @Test
    void shouldKeepTheExactValueOfNumbersJsonDoesNotSpell() {
        assertThat(ExactNumbers.parse("+5").toString()).isEqualTo("5");
        assertThat(ExactNumbers.parse(".50").toString()).isEqualTo("0.50");
    }

    @Test
    void shouldNotBuildTheWholePartOfAHugeExponentToAnswerAsAnInteger() throws Exception {
        JsonNode huge = mapper.readTree("1E+999999999");
        JsonNode tiny = mapper.readTree("1E-999999999");

        assertThat(huge.canConvertToLong()).isFalse();
        assertThatThrownBy(huge::longValue).isInstanceOf(ArithmeticException.class);
        assertThat(tiny.longValue()).isZero();
        assertThat(huge.doubleValue()).isInfinite();
    }
}
