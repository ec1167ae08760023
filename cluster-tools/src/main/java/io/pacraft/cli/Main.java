package io.pacraft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pacraft} command line. */
@Command(
    name = "pacraft",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A strongly consistent key-value store that speaks the Redis protocol.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ServerCommand.class,
      LocalCommand.class,
      ClusterCommand.class,
      SimulateCommand.class,
      CheckCommand.class,
      JepsenCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("check")) { // fast path: no picocli reflection
      System.exit(CheckCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand registered; subcommand modules add themselves here. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
