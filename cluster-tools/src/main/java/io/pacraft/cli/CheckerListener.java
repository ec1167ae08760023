package io.pacraft.cli;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.linear.Linearizability;
import io.pacraft.jepsen.linear.LinearizabilityResult;
import io.pacraft.jepsen.model.ModelKind;
import io.pacraft.replication.sim.HistoryListener;
import io.pacraft.replication.sim.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plugs the jepsen linearizability checker into the simulator: records a run's register
 * operations and, at the end, checks them against a register that starts empty (Knossos
 * semantics: fail = did not happen, info = may have happened at any time after its invocation).
 */
final class CheckerListener implements HistoryListener {
  private final List<Op> ops = new ArrayList<>();
  private final Duration timeLimit;

  /** A search that runs past {@code timeLimit} ends undecided, reported as a violation. */
  CheckerListener(Duration timeLimit) {
    this.timeLimit = timeLimit;
  }

  @Override
  public void onOperation(Operation op) {
    String f = op.f() == Operation.F.READ ? "read" : "write";
    Op o =
        switch (op.type()) {
          case INVOKE -> Op.invoke(op.process(), f, op.value());
          case OK -> Op.ok(op.process(), f, op.value());
          case FAIL -> Op.fail(op.process(), f, op.value());
          case INFO -> Op.info(op.process(), f, op.value());
        };
    ops.add(o.withTime(op.time()));
  }

  @Override
  public Optional<String> verdict() {
    LinearizabilityResult r = Linearizability.check(
            History.renumbered(ops), ModelKind.REGISTER.create(null), Linearizability.Options.defaults().withTimeLimit(timeLimit));
    return switch (r.verdict()) {
      case VALID -> Optional.empty();
      case INVALID -> Optional.of("not linearizable (jepsen checker): " + r.reason());
      case UNKNOWN -> Optional.of("linearizability unknown (jepsen checker): " + r.reason());
    };
  }
}
