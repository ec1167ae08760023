package io.pacraft.server.command.zset;

import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.RedisErrors;

/** ZADD's flags (NX XX GT LT CH INCR) and its score/member pairs, checked as Redis checks them. */
final class ZAddOptions {
  boolean nx;
  boolean xx;
  boolean gt;
  boolean lt;
  boolean ch;
  boolean incr;
  /** Index of the first score argument. */
  int first;
  double[] scores;

  static ZAddOptions parse(CommandArgs a) {
    ZAddOptions o = new ZAddOptions();
    int i = 2;
    for (; i < a.count(); i++) {
      switch (a.word(i)) {
        case "nx" -> o.nx = true;
        case "xx" -> o.xx = true;
        case "gt" -> o.gt = true;
        case "lt" -> o.lt = true;
        case "ch" -> o.ch = true;
        case "incr" -> o.incr = true;
        default -> {
          o.first = i;
          i = a.count(); // leave the loop
        }
      }
    }
    if (o.first == 0) {
      o.first = a.count();
    }
    int left = a.count() - o.first;
    if (left % 2 != 0 || left == 0) {
      throw RedisErrors.syntax();
    }
    if (o.nx && o.xx) {
      throw new CommandError("ERR XX and NX options at the same time are not compatible");
    }
    if (o.gt && o.nx || o.lt && o.nx || o.gt && o.lt) {
      throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    int pairs = left / 2;
    if (o.incr && pairs > 1) {
      throw new CommandError("ERR INCR option supports a single increment-element pair");
    }
    o.scores = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      o.scores[p] = a.doubleArg(o.first + 2 * p);
    }
    return o;
  }
}
