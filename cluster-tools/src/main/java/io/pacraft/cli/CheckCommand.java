package io.pacraft.cli;

import io.pacraft.jepsen.check.CheckSettings;
import io.pacraft.jepsen.check.HistoryCheck;
import io.pacraft.jepsen.edn.EdnReader;
import io.pacraft.jepsen.edn.EdnSyntaxException;
import io.pacraft.jepsen.edn.HistoryEdn;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.linear.CasFailure;
import io.pacraft.jepsen.linear.LinearizabilityResult;
import io.pacraft.jepsen.model.ModelKind;
import io.pacraft.jepsen.verdict.Result;
import io.pacraft.jepsen.verdict.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code pacraft check}: checks recorded histories, one line per file, exit 0 when all are valid,
 * 1 when any is invalid, 2 when none is invalid but some are unknown or unreadable.
 *
 * <p>{@link Main#main} sends {@code check} straight to {@link #run(String[])}, which parses its own
 * few options: that keeps picocli's reflection (about 0.4 s of CPU) off a path that often runs in
 * scripts over many files. Registered as a picocli subcommand too, so {@code pacraft help} lists
 * it; both ways run the same parser.
 */
@Command(
    name = "check",
    description = "Checks recorded histories for linearizability or transactional anomalies.",
    customSynopsis = "pacraft check [--model M] [--initial V] [--cas-fail drop|definite]"
        + " [--time-limit S] [--explain] [--report DIR] FILE...",
    footer = CheckCommand.USAGE)
public final class CheckCommand implements Callable<Integer> {
  static final String USAGE = """
      Checks recorded histories (Knossos/Jepsen EDN) for linearizability, or
      list-append histories for transactional anomalies. Prints 'valid FILE',
      'INVALID FILE: why' or 'unknown FILE: why' per file; exits 0 when all are
      valid, 1 when any is invalid, 2 when none is invalid but some are unknown
      or unreadable.

        --model M        register, cas-register, multi-register, mutex, set, kv
                         or list-append; inferred from the operations if absent
        --initial V      the model's first state in EDN (0, nil, "",
                         {:x 0 :y 0}); default nil
        --cas-fail MODE  drop: a failed :cas did not happen (default);
                         definite: it happened and saw another value
        --time-limit S   seconds one file's check may take before it is unknown
        --explain        after an INVALID line, print the evidence
        --report DIR     write an HTML timeline of each non-linearizable
                         history to DIR
        -h, --help       print this help
      """;

  /** Every argument, in order, for {@link #parse} (picocli matches nothing itself). */
  @Unmatched List<String> arguments = new ArrayList<>();

  private final List<Path> files = new ArrayList<>();
  private CheckSettings settings = CheckSettings.defaults();
  private boolean explain;
  private Path reportDir;
  private int cursor;

  @Override
  public Integer call() {
    return run(arguments.toArray(new String[0]));
  }

  /** Runs {@code pacraft check ARGS} on standard output; returns the exit code. */
  public static int run(String[] args) {
    return new CheckCommand().run(args, System.out, System.err);
  }

  /** Runs {@code pacraft check ARGS}, printing to {@code out} and {@code err}. */
  int run(String[] args, PrintStream out, PrintStream err) {
    try {
      if (!parse(args)) {
        out.print("Usage: pacraft check [OPTIONS] FILE...\n\n" + USAGE);
        return 0;
      }
    } catch (IllegalArgumentException e) {
      err.println("pacraft check: " + e.getMessage());
      err.println("Usage: pacraft check [OPTIONS] FILE...   (pacraft check --help)");
      return 2;
    }
    FileVerdict[] verdicts = new FileVerdict[files.size()];
    if (files.size() == 1) {
      verdicts[0] = checkSafely(files.get(0), settings);
    } else {
      // files in parallel, one thread each; plain threads rather than an executor and lambdas,
      // whose bootstrap would cost this short-lived JVM more than it saves
      CheckSettings perFile = settings.withThreads(1);
      int workers = Math.min(Runtime.getRuntime().availableProcessors(), files.size());
      AtomicInteger next = new AtomicInteger();
      for (int w = 0; w < workers; w++) {
        Thread t = new Worker(this, perFile, next, verdicts);
        t.setDaemon(true);
        t.start();
      }
    }
    Verdict overall = Verdict.VALID;
    for (int i = 0; i < verdicts.length; i++) {
      FileVerdict v;
      synchronized (verdicts) {
        while ((v = verdicts[i]) == null) {
          try {
            verdicts.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
          }
        }
      }
      out.println(v.line());
      if (explain && v.details() != null) {
        out.println(v.details());
      }
      overall = overall.and(v.verdict());
    }
    out.flush();
    return switch (overall) {
      case VALID -> 0;
      case INVALID -> 1;
      case UNKNOWN -> 2;
    };
  }

  /** Checks files, taking the next unchecked one until none is left. */
  private static final class Worker extends Thread {
    private final CheckCommand command;
    private final CheckSettings settings;
    private final AtomicInteger next;
    private final FileVerdict[] verdicts;

    Worker(CheckCommand command, CheckSettings settings, AtomicInteger next,
        FileVerdict[] verdicts) {
      super("check");
      this.command = command;
      this.settings = settings;
      this.next = next;
      this.verdicts = verdicts;
    }

    @Override
    public void run() {
      for (int i = next.getAndIncrement(); i < verdicts.length; i = next.getAndIncrement()) {
        FileVerdict v = command.checkSafely(command.files.get(i), settings);
        synchronized (verdicts) {
          verdicts[i] = v;
          verdicts.notifyAll();
        }
      }
    }
  }

  /** Reads the options and files; false when help was asked for. */
  private boolean parse(String[] args) {
    boolean onlyFiles = false;
    for (cursor = 0; cursor < args.length; cursor++) {
      String a = args[cursor];
      if (onlyFiles || !a.startsWith("-") || a.equals("-")) {
        files.add(Path.of(a));
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "--" -> onlyFiles = true;
        case "-h", "--help" -> {
          return false;
        }
        case "--explain" -> explain = true;
        case "--model" -> settings = settings.withModel(ModelKind.named(
            value(name, value, args)));
        case "--initial" -> settings = settings.withInitial(initialValue(
            value(name, value, args)));
        case "--cas-fail" -> settings = settings.withCasFailure(
            switch (value(name, value, args)) {
              case "drop" -> CasFailure.DROP;
              case "definite" -> CasFailure.DEFINITE;
              default -> throw new IllegalArgumentException("--cas-fail must be drop or definite");
            });
        case "--time-limit" -> settings = settings.withTimeLimit(timeLimit(
            value(name, value, args)));
        case "--report" -> reportDir = Path.of(value(name, value, args));
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
      if (value != null && !name.startsWith("--")) {
        throw new IllegalArgumentException(name + " takes no value");
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no history FILE given");
    }
    return true;
  }

  /** The option's value: after '=', else the next argument (consumed). */
  private String value(String name, String inline, String[] args) {
    if (inline != null) {
      return inline;
    }
    if (++cursor >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[cursor];
  }

  private static Object initialValue(String text) {
    try {
      return EdnReader.readOne(text);
    } catch (EdnSyntaxException e) {
      throw new IllegalArgumentException("--initial is not EDN: " + e.getMessage());
    }
  }

  private static Duration timeLimit(String text) {
    double seconds;
    try {
      seconds = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--time-limit must be a number of seconds");
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("--time-limit must be positive");
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  private record FileVerdict(Verdict verdict, String line, String details) {}

  /** Checks one file; a checker that breaks down makes the file unknown, not the command. */
  private FileVerdict checkSafely(Path file, CheckSettings settings) {
    try {
      return checkFile(file, settings);
    } catch (RuntimeException | OutOfMemoryError e) {
      return unknown(file, "checker failed: " + e);
    }
  }

  private FileVerdict checkFile(Path file, CheckSettings settings) {
    History history;
    try {
      history = HistoryEdn.read(file);
    } catch (EdnSyntaxException e) {
      return unknown(file, "malformed EDN at " + e.getMessage());
    } catch (NoSuchFileException e) {
      return unknown(file, "no such file");
    } catch (IOException e) {
      return unknown(file, "cannot read: " + e.getMessage());
    }
    Result result;
    try {
      result = HistoryCheck.check(history, settings);
    } catch (IllegalArgumentException e) {
      return unknown(file, e.getMessage());
    }
    return switch (result.verdict()) {
      case VALID -> new FileVerdict(Verdict.VALID, "valid " + file, null);
      case UNKNOWN -> unknown(file, result.reason());
      case INVALID -> new FileVerdict(Verdict.INVALID, "INVALID " + file + ": " + result.reason(),
          (explain ? indent(result.explanation()) : "") + writeReport(file, result));
    };
  }

  private String writeReport(Path file, Result result) {
    if (reportDir == null || !(result instanceof LinearizabilityResult lr)
        || lr.counterexample().isEmpty()) {
      return "";
    }
    Path page = reportDir.resolve(file.getFileName() + ".html");
    try {
      Files.createDirectories(reportDir);
      Files.writeString(page, lr.counterexample().get().timelineHtml(file.toString()),
          StandardCharsets.UTF_8);
      return "\n  timeline: " + page;
    } catch (IOException e) {
      return "\n  timeline not written: " + e.getMessage();
    }
  }

  /** The evidence under an INVALID line: the explanation without its first (the reason). */
  private static String indent(String explanation) {
    int eol = explanation.indexOf('\n');
    String evidence = eol < 0 ? "" : explanation.substring(eol + 1);
    return "  " + evidence.replace("\n", "\n  ");
  }

  private static FileVerdict unknown(Path file, String why) {
    return new FileVerdict(Verdict.UNKNOWN, "unknown " + file + ": " + why, null);
  }
}
