package io.pacraft.jepsen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.jepsen.edn.HistoryEdn;
import org.junit.jupiter.api.Test;

class ModelKindTest {
  private static ModelKind infer(String edn) throws Exception {
    return ModelKind.infer(HistoryEdn.parse(edn));
  }

  @Test
  void infersTheModelFromOperations() throws Exception {
    assertThat(infer("[[0 :invoke :read nil] [1 :invoke :cas [1 2]]]"))
        .isEqualTo(ModelKind.CAS_REGISTER);
    assertThat(infer("[[0 :invoke :read nil]]")).isEqualTo(ModelKind.CAS_REGISTER);
    assertThat(infer("[[0 :invoke :acquire nil] [0 :ok :acquire nil] [0 :invoke :release nil]]"))
        .isEqualTo(ModelKind.MUTEX);
    assertThat(infer("[[0 :invoke :add 1] [1 :invoke :read nil]]")).isEqualTo(ModelKind.SET);
    assertThat(infer("[[0 :invoke :get nil] [1 :invoke :append \"x\"]]"))
        .isEqualTo(ModelKind.KV);
    assertThat(infer("[[0 :invoke :txn [[:read :x nil] [:write :y 1]]]]"))
        .isEqualTo(ModelKind.MULTI_REGISTER);
    assertThat(infer("[[0 :invoke :txn [[:r :x nil] [:append :y 1]]]]"))
        .isEqualTo(ModelKind.LIST_APPEND);
    assertThat(infer("[{:process :nemesis :type :info :f :start} [0 :invoke :write 1]]"))
        .isEqualTo(ModelKind.CAS_REGISTER);
    assertThatThrownBy(() -> infer("[[0 :invoke :enqueue 1]]"))
        .hasMessageContaining("cannot tell the model from operations [enqueue]");
  }

  @Test
  void namesAndInitialValues() {
    assertThat(ModelKind.named("CAS-register")).isEqualTo(ModelKind.CAS_REGISTER);
    assertThatThrownBy(() -> ModelKind.named("queue")).hasMessageContaining("unknown model");
    assertThat(ModelKind.MUTEX.create(1L).initialState()).isEqualTo(true);
    assertThat(ModelKind.MUTEX.create(0L).initialState()).isEqualTo(false);
    assertThat(ModelKind.KV.create(null).initialState()).isEqualTo("");
    assertThatThrownBy(() -> ModelKind.KV.create(0L)).hasMessageContaining("must be a string");
    assertThatThrownBy(() -> ModelKind.LIST_APPEND.create(0L))
        .hasMessageContaining("start empty");
  }
}
