package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * INCRBYFLOAT's arithmetic against what redis-server 7.0.15 answered on x86-64 for the same
 * {@code SET f <current>} then {@code INCRBYFLOAT f <increment>}.
 */
class LongDoubleTest {

  private static String add(String current, String increment) {
    byte[] c = current == null ? null : current.getBytes(StandardCharsets.ISO_8859_1);
    return new String(LongDouble.add(c, RedisErrors.NOT_FLOAT, increment.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1234.56 | 0.01 | 1234.57000000000000006",
        "123456789.123 | 0.001 | 123456789.12399999999615829",
        "123456789.12399999999615829 | 1e15 | 1000000123456789.1240234375",
        "5 | 1e17 | 100000000000000005",
        "100000000000000005 | 1.5e19 | 15100000000000000005",
        "15100000000000000005 | 0.3 | 15100000000000000005",
        "0.1 | 0.2 | 0.3",
        "1 | 3.3e-18 | 1",
        "-1.5 | 1.5 | 0",
        "2.5e-17 | 0 | 0.00000000000000002",
        "1.5e-17 | 0 | 0.00000000000000002",
        "3 | 1e-17 | 3.00000000000000001",
        "1.1 | -1.1 | 0",
        "-0.0000000000000000001 | 0 | 0",
        "10.50 | 0.1 | 10.6",
        "3.0e3 | 200 | 3200",
        "0 | 0x1.8p1 | 3",
        "3 | -3 | 0",
        "0 | 0X.8P-1 | 0.25",
        "0.25 | .5 | 0.75",
        "0.75 | 5. | 5.75",
        "5.75 | +1 | 6.75",
        "6.75 | 0e99999999999 | 6.75",
        "0 | 0x1p-16445 | 0",
        "1 | 0x1P+3 | 9",
        "9 | 1E+2 | 109",
        "109 | 00001.5 | 110.5",
      })
  void addsAsRedisDoes(String current, String increment, String expected) {
    assertThat(add(current, increment)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "nan", "-nan", "nan(123)", "1e", "1e+", "0x", "0x1p", " 1", "1 ", "1\u0000", "", "1e5000", "1e-5000", "1.5f", "1.5d", "- 1", "+-1"})
  void refusesWhatStrtoldRefuses(String increment) {
    assertThatThrownBy(() -> add("1", increment)).isInstanceOf(CommandError.class).hasMessage(RedisErrors.NOT_FLOAT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inf", "-inf", "INFINITY", "+Infinity"})
  void infinitiesParseButTheSumIsRefused(String increment) {
    assertThatThrownBy(() -> add("1", increment)).isInstanceOf(CommandError.class).hasMessage(RedisErrors.NAN_OR_INFINITY);
  }

  @org.junit.jupiter.api.Test
  void theWholeRangeOfTheFormat() {
    // 1e400 is beyond a double but a long double holds it; Redis prints its exact binary value
    assertThat(add("0", "1e400"))
        .isEqualTo(
            "10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616"
                + "200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401"
                + "359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643"
                + "316591362664138176309734806343732497430221946880");
    // the largest long double is accepted and printed in full (4933 digits); past it is infinity
    assertThat(add("1.18973149535723176502e4932", "0")).hasSize(4933).startsWith("118973149535723176502126385303097020516906332229462420044032373389173700552297072261641029033652888285354569780749557731");
    assertThatThrownBy(() -> add("1.18973149535723176502e4932", "1e4932")).hasMessage(RedisErrors.NAN_OR_INFINITY);
    // a subnormal is a float (strtold sets ERANGE but returns it); zero after rounding is not
    assertThat(add("0", "1e-4940")).isEqualTo("0");
    assertThatThrownBy(() -> add("0", "1e-4952")).hasMessage(RedisErrors.NOT_FLOAT);
    // the stored value is checked first, with the caller's text (HINCRBYFLOAT's differs)
    assertThatThrownBy(() -> LongDouble.add("x".getBytes(StandardCharsets.US_ASCII), "ERR hash value is not a float", "y".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("ERR hash value is not a float");
  }
}
