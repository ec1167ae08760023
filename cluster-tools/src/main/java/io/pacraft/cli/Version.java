package io.pacraft.cli;

import picocli.CommandLine;

/** Prints the version recorded in the jar's manifest. */
public final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"pacraft " + (v == null ? "dev" : v)};
  }
}
