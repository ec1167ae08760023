package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad options end {@code pacraft jepsen} with status 2 before anything starts. */
class JepsenCommandTest {
  private static int run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "jepsen";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.commandLine().execute(all);
  }

  @Test
  void rejectsUnknownWorkloadsNemesesAndFaultsAnExistingClusterCannotTake() {
    assertThat(run("--workload", "bank")).isEqualTo(2);
    assertThat(run("--nemesis", "kill,flood")).isEqualTo(2);
    assertThat(run("--hosts", "127.0.0.1:1", "--nemesis", "kill")).isEqualTo(2);
    assertThat(run("--nodes", "0")).isEqualTo(2);
    assertThat(run("--rate", "0")).isEqualTo(2);
  }
}
