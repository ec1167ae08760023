package io.pacraft.server.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One command as the table declares it: the single source for dispatch, arity errors, COMMAND
 * (COUNT, INFO, DOCS, GETKEYS, LIST), ACL categories and, in a cluster, slot routing.
 *
 * <p>Arity follows Redis: positive means exactly that many arguments counting the name, negative
 * means at least that many. Keys sit at {@code firstKey..lastKey} stepping by {@code keyStep}
 * (lastKey -1 = the last argument, -2 the one before...), all 0 for commands without keys.
 * Container commands (CONFIG, CLIENT...) have subcommands, each a spec of its own whose arity counts
 * the container's name too.
 */
public final class CommandSpec {
  private final String name;
  private final String fullName;
  private final int arity;
  private final Set<CommandFlag> flags;
  private final int firstKey;
  private final int lastKey;
  private final int keyStep;
  private final Set<String> aclCategories;
  private final String group;
  private final String since;
  private final String summary;
  private final String complexity;
  private final Command command;
  private final Map<String, CommandSpec> subcommands;
  private final boolean container; // asked twice per command: kept, not asked of the map
  private final boolean write; // asked several times per command: kept, not asked of the set
  private final KeyFinder keyFinder;

  private CommandSpec(Builder b, String parent) {
    this.name = b.name;
    this.fullName = parent == null ? b.name : parent + "|" + b.name;
    this.arity = b.arity;
    this.flags = Collections.unmodifiableSet(b.flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(b.flags));
    this.write = flags.contains(CommandFlag.WRITE);
    this.firstKey = b.firstKey;
    this.lastKey = b.lastKey;
    this.keyStep = b.keyStep;
    this.group = b.group;
    this.since = b.since;
    this.summary = b.summary;
    this.complexity = b.complexity;
    this.command = b.command;
    this.keyFinder = b.keyFinder;
    Set<String> acl = new LinkedHashSet<>();
    if (flags.contains(CommandFlag.WRITE)) {
      acl.add("write");
    }
    if (flags.contains(CommandFlag.READONLY)) {
      acl.add("read");
    }
    if (flags.contains(CommandFlag.ADMIN)) {
      acl.add("admin");
      acl.add("dangerous");
    }
    if (flags.contains(CommandFlag.PUBSUB)) {
      acl.add("pubsub");
    }
    acl.add(flags.contains(CommandFlag.FAST) ? "fast" : "slow");
    if (flags.contains(CommandFlag.BLOCKING)) {
      acl.add("blocking");
    }
    acl.addAll(b.acl);
    this.aclCategories = Collections.unmodifiableSet(inRedisOrder(acl));
    Map<String, CommandSpec> subs = new LinkedHashMap<>();
    for (Builder sb : b.subcommands) {
      CommandSpec s = new CommandSpec(sb, b.name);
      subs.put(s.name, s);
    }
    this.subcommands = Collections.unmodifiableMap(subs);
    this.container = !subs.isEmpty();
    if (command == null && subs.isEmpty()) {
      throw new IllegalArgumentException(fullName + ": neither an implementation nor subcommands");
    }
    if (command instanceof KeyspaceCommand
        && !flags.contains(CommandFlag.WRITE)
        && !flags.contains(CommandFlag.READONLY)) {
      throw new IllegalArgumentException(fullName + ": a keyspace command is either write or readonly");
    }
  }

  /** Redis' ACL categories in the order COMMAND INFO lists them (the order of their bits). */
  private static final java.util.List<String> ACL_ORDER =
      java.util.List.of(
          "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo",
          "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting");

  private static Set<String> inRedisOrder(Set<String> categories) {
    Set<String> out = new LinkedHashSet<>();
    for (String c : ACL_ORDER) {
      if (categories.contains(c)) {
        out.add(c);
      }
    }
    out.addAll(categories);
    return out;
  }

  public static Builder command(String name, int arity) {
    return new Builder(name, arity);
  }

  /** Lowercase name; for a subcommand only its own part ({@code get}). */
  public String name() {
    return name;
  }

  /** {@code get}, or {@code config|get} for a subcommand: what error texts and COMMAND INFO print. */
  public String fullName() {
    return fullName;
  }

  public int arity() {
    return arity;
  }

  public boolean arityAccepts(int argc) {
    return arity >= 0 ? argc == arity : argc >= -arity;
  }

  public Set<CommandFlag> flags() {
    return flags;
  }

  public boolean has(CommandFlag flag) {
    return flags.contains(flag);
  }

  public boolean isWrite() {
    return write;
  }

  public int firstKey() {
    return firstKey;
  }

  public int lastKey() {
    return lastKey;
  }

  public int keyStep() {
    return keyStep;
  }

  /** ACL categories without the {@code @}. */
  public Set<String> aclCategories() {
    return aclCategories;
  }

  public String group() {
    return group;
  }

  public String since() {
    return since;
  }

  public String summary() {
    return summary;
  }

  public String complexity() {
    return complexity;
  }

  /**
   * The implementation; for a container command, what runs when it is called without a subcommand
   * (COMMAND alone), or null when that is an arity error.
   */
  public Command command() {
    return command;
  }

  public Map<String, CommandSpec> subcommands() {
    return subcommands;
  }

  public boolean isContainer() {
    return container;
  }

  /**
   * Positions of the keys in {@code argv} (argv[0] is the command name): from the spec's range, or
   * the command's own key finder for commands whose keys depend on their arguments (e.g. LMPOP).
   */
  public int[] keyPositions(byte[][] argv) {
    if (keyFinder != null) {
      return keyFinder.keys(argv);
    }
    if (firstKey <= 0 || firstKey >= argv.length) {
      return new int[0];
    }
    int last = lastKey >= 0 ? lastKey : argv.length + lastKey;
    if (last >= argv.length) {
      last = argv.length - 1;
    }
    int step = Math.max(1, keyStep);
    int n = last < firstKey ? 0 : (last - firstKey) / step + 1;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = firstKey + i * step;
    }
    return out;
  }

  public boolean movableKeys() {
    return keyFinder != null;
  }

  @Override
  public String toString() {
    return fullName;
  }

  /** Finds key positions for commands whose keys are not a fixed range (a count argument...). */
  @FunctionalInterface
  public interface KeyFinder {
    int[] keys(byte[][] argv);
  }

  /** Declares a command. */
  public static final class Builder {
    private final String name;
    private final int arity;
    private final Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    private int firstKey;
    private int lastKey;
    private int keyStep;
    private final Set<String> acl = new LinkedHashSet<>();
    private String group = "generic";
    private String since = "1.0.0";
    private String summary = "";
    private String complexity = "O(1)";
    private Command command;
    private KeyFinder keyFinder;
    private final java.util.List<Builder> subcommands = new java.util.ArrayList<>();

    private Builder(String name, int arity) {
      this.name = Objects.requireNonNull(name).toLowerCase(java.util.Locale.ROOT);
      this.arity = arity;
    }

    public Builder flags(CommandFlag... f) {
      flags.addAll(java.util.List.of(f));
      return this;
    }

    public Builder keys(int first, int last, int step) {
      this.firstKey = first;
      this.lastKey = last;
      this.keyStep = step;
      return this;
    }

    /** Keys found by {@code finder}; {@code first, last, step} still describe them for COMMAND INFO. */
    public Builder movableKeys(KeyFinder finder) {
      this.keyFinder = finder;
      return this;
    }

    /** ACL categories beyond those the flags imply (without {@code @}): {@code string}, {@code keyspace}... */
    public Builder acl(String... categories) {
      acl.addAll(java.util.List.of(categories));
      return this;
    }

    public Builder group(String g) {
      this.group = g;
      return this;
    }

    public Builder since(String s) {
      this.since = s;
      return this;
    }

    public Builder summary(String s) {
      this.summary = s;
      return this;
    }

    public Builder complexity(String c) {
      this.complexity = c;
      return this;
    }

    public Builder run(Command c) {
      this.command = c;
      return this;
    }

    public Builder subcommand(Builder sub) {
      subcommands.add(sub.group(group));
      return this;
    }

    public CommandSpec build() {
      return new CommandSpec(this, null);
    }
  }
}
