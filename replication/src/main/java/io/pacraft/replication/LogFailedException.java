package io.pacraft.replication;

import java.io.IOException;

/**
 * A proposal was refused because the replica's log can no longer be written (a full disk, an I/O
 * error): it was not logged and will not take effect. The replica keeps refusing writes until it
 * is restarted on a working disk.
 */
public final class LogFailedException extends RuntimeException {
  public LogFailedException(IOException cause) {
    super(reason(cause), cause, false, false);
  }

  /** The operating system's words for the failure ("No space left on device"), or the exception's. */
  private static String reason(IOException cause) {
    String m = cause.getMessage();
    if (m == null || m.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    return m;
  }
}
