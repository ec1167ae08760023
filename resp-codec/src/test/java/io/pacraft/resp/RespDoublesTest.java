package io.pacraft.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The expected texts were printed by Redis' own C code: {@code fpconv_dtoa} for {@link
 * RespDoubles#format} (whose integral and special cases follow {@code d2string}), glibc's {@code
 * printf("%.17g")} and redis-server 7.0.15's ZSCORE for {@link RespDoubles#formatG17}.
 */
class RespDoublesTest {

  @ParameterizedTest(name = "{0} -> {1}, {2}")
  @CsvSource({
    "1.5, 1.5, 1.5",
    "0.1, 0.1, 0.10000000000000001",
    "-0.1, -0.1, -0.10000000000000001",
    "0.3, 0.3, 0.29999999999999999",
    "0.30000000000000004, 0.30000000000000004, 0.30000000000000004",
    "3.14159, 3.14159, 3.1415899999999999",
    "123456.789, 123456.789, 123456.789",
    "1e-5, 0.00001, 1.0000000000000001e-05",
    "2.5e-5, 0.000025, 2.5000000000000001e-05",
    "1e-7, 1e-7, 9.9999999999999995e-08",
    "0.0001, 0.0001, 0.0001",
    "1e20, 1e+20, 1e+20",
    "1e22, 1e+22, 1e+22",
    "1e300, 1e+300, 1.0000000000000001e+300",
    "1.2345678901234567e23, 123456789012345670000000, 1.2345678901234567e+23",
    "-1.2345678901234567e23, -123456789012345670000000, -1.2345678901234567e+23",
    "5e-324, 5e-324, 4.9406564584124654e-324",
    "1.7976931348623157e308, 1.7976931348623157e+308, 1.7976931348623157e+308",
    "9.223372036854775807e18, 9223372036854776000, 9.2233720368547758e+18",
    "12345678901234567, 12345678901234568, 12345678901234568",
    "3, 3, 3",
    "100, 100, 100",
    "-42, -42, -42",
    "4.611686018427387904e18, 4611686018427387904, 4.6116860184273879e+18",
    "-4.611686018427387904e18, -4611686018427387904, -4.6116860184273879e+18",
    "0, 0, 0",
    "-0.0, -0, -0",
    "Infinity, inf, inf",
    "-Infinity, -inf, -inf",
    "NaN, nan, nan"
  })
  void formatsAsRedis72AndRedis70(double d, String redis72, String redis70) {
    assertThat(RespDoubles.format(d)).isEqualTo(redis72);
    assertThat(RespDoubles.formatG17(d)).isEqualTo(redis70);
  }

  @Test
  void everyTextReadsBackToTheSameDouble() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 60_000; i++) {
      double d =
          switch (i % 3) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextInt(2_000_000) / 1000.0 - 1000;
            default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
          };
      if (Double.isNaN(d)) {
        continue;
      }
      assertThat(Double.parseDouble(RespDoubles.format(d))).as("%s", d).isEqualTo(d);
      assertThat(Double.parseDouble(RespDoubles.formatG17(d))).as("%s", d).isEqualTo(d);
    }
  }

  @Test
  void cachedPowersOfTenAreRoundedToNearest() {
    // spot checks against fpconv's table: 10^-348, 10^20, 10^340
    assertThat(Long.toUnsignedString(Grisu.POWER_FRAC[0])).isEqualTo("18054884314459144840");
    assertThat(Grisu.POWER_EXP[0]).isEqualTo(-1220);
    assertThat(Long.toUnsignedString(Grisu.POWER_FRAC[46])).isEqualTo("12500000000000000000");
    assertThat(Grisu.POWER_EXP[46]).isEqualTo(3);
    assertThat(Long.toUnsignedString(Grisu.POWER_FRAC[86])).isEqualTo("12648080533535911531");
    assertThat(Grisu.POWER_EXP[86]).isEqualTo(1066);
  }
}
