package io.pacraft.jepsen.edn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryEdnTest {

  @Test
  void readsKnossosMapsWithCommentsAndOptionalFields() throws Exception {
    History h = HistoryEdn.parse("""
        ; a comment
        [{:process 0, :type :invoke, :f :cas, :value [1 2] :time 10}
         {:process 0 :type :fail :f :cas :value [1 2] :error [:timeout nil]} ; trailing
         {:type :info, :f :start, :process :nemesis, :index 7, :key "k1"}]
        """);
    assertThat(h.size()).isEqualTo(3);
    Op first = h.get(0);
    assertThat(first.process()).isEqualTo(0L);
    assertThat(first.type()).isEqualTo(OpType.INVOKE);
    assertThat(first.f()).isEqualTo("cas");
    assertThat(first.value()).isEqualTo(List.of(1L, 2L));
    assertThat(first.time()).isEqualTo(10L);
    assertThat(first.index()).isEqualTo(0L);
    assertThat(h.get(1).error()).isEqualTo(java.util.Arrays.asList(Keyword.of("timeout"), null));
    assertThat(h.get(2).process()).isEqualTo(Keyword.of("nemesis"));
    assertThat(h.get(2).isClient()).isFalse();
    assertThat(h.get(2).index()).isEqualTo(7L);
    assertThat(h.get(2).key()).isEqualTo("k1");
  }

  @Test
  void readsListsTuplesAndTaggedRecords() throws Exception {
    History h = HistoryEdn.parse("""
        ([0 :invoke :read nil]
         #jepsen.history.Op{:index 1 :process 0 :type :ok :f :read :value 3}
         #_ {:ignored true}
         [1 :invoke :write "é\\n"])
        """);
    assertThat(h.ops()).extracting(Op::f).containsExactly("read", "read", "write");
    assertThat(h.get(1).value()).isEqualTo(3L);
    assertThat(h.get(2).value()).isEqualTo("é\n");
  }

  @Test
  void readsEveryValueKind() throws Exception {
    Object v = EdnReader.readOne("{:a #{1 2} \"s\" (nil true false) :big 123456789012345678901234"
        + " :d -1.5e3 :c \\x :sym foo/bar :n 7N}");
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get(Keyword.of("a"))).isEqualTo(Set.of(1L, 2L));
    assertThat(m.get("s")).isEqualTo(java.util.Arrays.asList(null, true, false));
    assertThat(m.get(Keyword.of("big"))).isEqualTo(new BigInteger("123456789012345678901234"));
    assertThat(m.get(Keyword.of("d"))).isEqualTo(-1500.0);
    assertThat(m.get(Keyword.of("c"))).isEqualTo('x');
    assertThat(m.get(Keyword.of("sym"))).isEqualTo("foo/bar");
    assertThat(m.get(Keyword.of("n"))).isEqualTo(7L);
  }

  @Test
  void writesWhatItReads() throws Exception {
    History h = History.of(List.of(
        Op.invoke(3, "txn", List.of(List.of(Keyword.of("append"), "x", 1L))).withTime(5),
        Op.ok(3, "txn", List.of(List.of(Keyword.of("r"), "x", List.of(1L)))).withKey(9L),
        Op.info(4, "write", "a \"quoted\"\tstring").withError(Keyword.of("timeout"))));
    StringWriter out = new StringWriter();
    HistoryEdn.write(h, out);
    assertThat(out.toString()).startsWith("[{:index 0, :process 3, :type :invoke, :f :txn,"
        + " :value [[:append \"x\" 1]], :time 5}\n");
    assertThat(HistoryEdn.parse(out.toString()).ops()).isEqualTo(h.ops());
  }

  @Test
  void malformedInputNamesLineAndColumn() {
    assertError("[{:process 0 :type :invoke :f :read :value nil}\n {:process 1 :type :ok", 2, 2,
        "unterminated");
    assertError("[{:process 0 :type :invoke :f :read :value nil]", 1, 47, "expected '}'");
    assertError("[{:process 0 :type :begin :f :read}]", 1, 2, ":type must be");
    assertError("[\n\n  {:type :ok :f :read}]", 3, 3, "without :process");
    assertError("[{:process 0 :type :ok :f :read :value \"abc}]", 1, 40, "unterminated string");
    assertError("{:process 0}", 1, 1, "expected a vector");
    assertError("[1 2]", 1, 2, "expected an operation map");
    assertError("[{:process 0 :process 1}]", 1, 14, "duplicate map key");
    assertError("[] x", 1, 4, "unexpected text");
  }

  private static void assertError(String text, int line, int column, String message) {
    assertThatThrownBy(() -> HistoryEdn.parse(text))
        .isInstanceOfSatisfying(EdnSyntaxException.class, e -> {
          assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
          assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
        })
        .hasMessageContaining(message);
  }
}
