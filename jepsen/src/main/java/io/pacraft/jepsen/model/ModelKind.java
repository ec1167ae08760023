package io.pacraft.jepsen.model;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.MicroOp;
import io.pacraft.jepsen.history.Op;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The models a history can be checked against, by the names {@code --model} accepts. */
public enum ModelKind {
  REGISTER("register"),
  CAS_REGISTER("cas-register"),
  MULTI_REGISTER("multi-register"),
  MUTEX("mutex"),
  SET("set"),
  KV("kv"),
  LIST_APPEND("list-append");

  private final String modelName;

  ModelKind(String modelName) {
    this.modelName = modelName;
  }

  /** The name {@code --model} accepts. */
  public String modelName() {
    return modelName;
  }

  /**
   * The model starting from {@code initial} (see each model for how it reads the initial value;
   * nil gives the model's own default). A mutex reads 0, nil or false as free and 1 or true as
   * held.
   */
  public Model create(Object initial) {
    return switch (this) {
      case REGISTER -> Register.plain(initial);
      case CAS_REGISTER -> Register.withCas(initial);
      case MULTI_REGISTER -> new MultiRegister(initial);
      case MUTEX -> new Mutex(Boolean.TRUE.equals(initial)
          || (initial instanceof Long l && l == 1L));
      case SET -> new SetModel(initial);
      case KV -> new KeyValue(initial);
      case LIST_APPEND -> {
        if (initial != null) {
          throw new IllegalArgumentException("list-append lists always start empty");
        }
        yield new ListAppend();
      }
    };
  }

  /** The kind named {@code name}. */
  public static ModelKind named(String name) {
    for (ModelKind k : values()) {
      if (k.modelName.equals(name.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown model '" + name + "'; known: "
        + Arrays.stream(values()).map(ModelKind::modelName).toList());
  }

  /**
   * The model a history's operations suggest: {@code :txn} with {@code :append}/{@code :r} steps
   * → list-append; {@code :txn} with {@code :read}/{@code :write} steps → multi-register; {@code
   * :acquire}/{@code :release} → mutex; {@code :add} → set; {@code :get}/{@code :put}/{@code
   * :append} → kv; {@code :read}/{@code :write}/{@code :cas} → cas-register.
   *
   * @throws IllegalArgumentException when the operations fit none of these
   */
  public static ModelKind infer(History history) {
    Set<String> fs = new TreeSet<>();
    boolean appendSteps = false;
    for (Op op : history) {
      if (!op.isClient()) {
        continue;
      }
      fs.add(op.f());
      if (op.f().equals("txn") && op.value() != null) {
        for (MicroOp m : MicroOp.parseAll(op.value())) {
          appendSteps |= m.f().equals("append");
        }
      }
    }
    if (fs.isEmpty()) {
      return CAS_REGISTER;
    }
    if (fs.equals(Set.of("txn"))) {
      return appendSteps ? LIST_APPEND : MULTI_REGISTER;
    }
    if (Set.of("acquire", "release").containsAll(fs)) {
      return MUTEX;
    }
    if (fs.contains("add") && Set.of("add", "read").containsAll(fs)) {
      return SET;
    }
    if (Set.of("get", "put", "append").containsAll(fs)) {
      return KV;
    }
    if (Set.of("read", "write", "cas").containsAll(fs)) {
      return CAS_REGISTER;
    }
    throw new IllegalArgumentException("cannot tell the model from operations " + fs
        + "; name one with --model");
  }
}
