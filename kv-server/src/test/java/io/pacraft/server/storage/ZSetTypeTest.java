package io.pacraft.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZSetTypeTest {
  @Test
  void sortableScoresOrderAsNumbersInRocksDbByteOrder() {
    List<Double> scores = new ArrayList<>(List.of(
        Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1e300, -1.5, -Double.MIN_VALUE, -0.0, 0.0,
        Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 0.1, 1.0, 2.5, 1e20, Double.MAX_VALUE, Double.POSITIVE_INFINITY));
    Random r = new Random(42);
    for (int i = 0; i < 1000; i++) {
      scores.add(Double.longBitsToDouble(r.nextLong()));
    }
    scores.removeIf(d -> d.isNaN());
    List<Double> byBytes = new ArrayList<>(scores);
    byBytes.sort((a, b) -> Arrays.compareUnsigned(ZSetType.sortable(a), ZSetType.sortable(b)));
    List<Double> byValue = new ArrayList<>(scores);
    byValue.sort(Double::compare);
    for (int i = 0; i < byValue.size(); i++) {
      // -0.0 and 0.0 are one score (as in Redis); compare numerically.
      assertThat(byBytes.get(i) == byValue.get(i) || byBytes.get(i).equals(byValue.get(i))).as("position " + i).isTrue();
    }
    for (double d : scores) {
      assertThat(ZSetType.fromSortable(ZSetType.sortable(d), 0)).isEqualTo(d == 0 ? 0.0 : d);
    }
  }
}
