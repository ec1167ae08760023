package io.pacraft.server.command.string;

import io.pacraft.server.command.CommandError;
import java.util.HexFormat;
import net.openhft.hashing.LongHashFunction;

/** Redis 8.4's value digest: XXH3-64 (seed 0) as 16 lowercase hex digits, compared case-insensitively. */
final class Digests {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private Digests() {}

  static String digest(byte[] value) {
    return HexFormat.of().toHexDigits(XXH3.hashBytes(value));
  }

  /** Validates a digest argument: exactly 16 hex characters. */
  static String check(byte[] arg) {
    if (arg.length != 16) {
      throw new CommandError("ERR must be exactly 16 hexadecimal characters");
    }
    for (byte b : arg) {
      if (Character.digit(b, 16) < 0) {
        throw new CommandError("ERR must be exactly 16 hexadecimal characters");
      }
    }
    return new String(arg, java.nio.charset.StandardCharsets.US_ASCII);
  }

  static boolean matches(byte[] value, String digestArg) {
    return digest(value).equalsIgnoreCase(digestArg);
  }
}
