package io.pacraft.jepsen.model;

import io.pacraft.jepsen.history.MicroOp;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A model whose operations are transactions ({@code :f :txn}) of {@link MicroOp} steps over keys:
 * calls are split by the keys they touch, and a transaction of reads only is a query.
 */
abstract class TransactionModel implements Model {

  /** True for a step that only reads. */
  abstract boolean isRead(MicroOp step);

  @Override
  public boolean isQuery(Call call) {
    for (MicroOp m : MicroOp.parseAll(call.input())) {
      if (!isRead(m)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean splitsByKey() {
    return false;
  }

  @Override
  public Set<Object> keysTouched(Call call) {
    Set<Object> keys = new LinkedHashSet<>();
    for (MicroOp m : MicroOp.parseAll(call.input())) {
      keys.add(m.key());
    }
    return keys;
  }
}
