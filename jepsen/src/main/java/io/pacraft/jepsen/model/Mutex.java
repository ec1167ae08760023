package io.pacraft.jepsen.model;

/**
 * A lock without owners, as Knossos' mutex: {@code :acquire} takes a free lock, {@code :release}
 * frees a held one. The state is {@code false} (free) or {@code true} (held).
 */
public final class Mutex implements Model {
  private final boolean held;

  /** A mutex that starts free, or held when {@code held}. */
  public Mutex(boolean held) {
    this.held = held;
  }

  @Override
  public String name() {
    return "mutex";
  }

  @Override
  public Object initialState() {
    return held;
  }

  @Override
  public Object step(Object state, Call call) {
    boolean isHeld = (Boolean) state;
    return switch (call.f()) {
      case "acquire" -> isHeld ? INCONSISTENT : Boolean.TRUE;
      case "release" -> isHeld ? Boolean.FALSE : INCONSISTENT;
      default -> throw new IllegalArgumentException("mutex has no operation :" + call.f());
    };
  }

  @Override
  public boolean isQuery(Call call) {
    return false;
  }
}
