package io.pacraft.server.command.zset;

import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.storage.LexRange;
import io.pacraft.server.storage.ScoreRange;
import java.util.Arrays;

/** Parsing of sorted-set score and lexical range arguments, with Redis' error texts. */
final class Ranges {
  private Ranges() {}

  static final String NOT_FLOAT = "ERR min or max is not a float";
  static final String NOT_LEX = "ERR min or max not valid string range item";

  /** {@code min max} as ZRANGEBYSCORE reads them: {@code (} for exclusive, {@code -inf}/{@code +inf}. */
  static ScoreRange score(byte[] min, byte[] max) {
    boolean minEx = min.length > 0 && min[0] == '(';
    boolean maxEx = max.length > 0 && max[0] == '(';
    Double lo = CommandArgs.tryParseDouble(minEx ? Arrays.copyOfRange(min, 1, min.length) : min);
    Double hi = CommandArgs.tryParseDouble(maxEx ? Arrays.copyOfRange(max, 1, max.length) : max);
    if (lo == null || hi == null) {
      throw new CommandError(NOT_FLOAT);
    }
    return new ScoreRange(lo, minEx, hi, maxEx);
  }

  /** {@code min max} as ZRANGEBYLEX reads them: {@code -}, {@code +}, {@code [m}, {@code (m}. */
  static LexRange lex(byte[] min, byte[] max) {
    return new LexRange(bound(min), bound(max));
  }

  private static LexRange.Bound bound(byte[] b) {
    if (b.length == 1 && b[0] == '-') {
      return LexRange.Bound.MINUS;
    }
    if (b.length == 1 && b[0] == '+') {
      return LexRange.Bound.PLUS;
    }
    if (b.length >= 1 && (b[0] == '[' || b[0] == '(')) {
      return new LexRange.Bound(0, Arrays.copyOfRange(b, 1, b.length), b[0] == '(');
    }
    throw new CommandError(NOT_LEX);
  }
}
