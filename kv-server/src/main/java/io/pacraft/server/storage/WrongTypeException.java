package io.pacraft.server.storage;

/** The key holds another type than the operation works on (Redis' WRONGTYPE error). */
public final class WrongTypeException extends RuntimeException {
  public static final String MESSAGE = "WRONGTYPE Operation against a key holding the wrong kind of value";

  public WrongTypeException() {
    super(MESSAGE, null, false, false);
  }
}
