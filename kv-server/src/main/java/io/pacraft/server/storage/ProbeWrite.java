package io.pacraft.server.storage;

/**
 * Thrown by a probing {@link Keyspace} at a command's first write: the command would change
 * something, so it goes through the log. Carries no stack trace (it is control flow, thrown often).
 */
public final class ProbeWrite extends RuntimeException {
  public static final ProbeWrite INSTANCE = new ProbeWrite();

  private ProbeWrite() {
    super("the command writes", null, false, false);
  }
}
