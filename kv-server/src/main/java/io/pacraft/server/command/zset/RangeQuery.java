package io.pacraft.server.command.zset;

import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.IndexRange;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.LexRange;
import io.pacraft.server.storage.ScoreRange;
import io.pacraft.server.storage.ZSetType;
import java.util.ArrayList;
import java.util.List;

/**
 * One ZRANGE-family request, parsed as Redis' zrangeGenericCommand does: by rank, score or lex,
 * forward or reversed, with LIMIT and WITHSCORES. The old forms (ZREVRANGE, ZRANGEBYSCORE...) fix
 * the kind and direction; ZRANGE and ZRANGESTORE take them as options.
 */
final class RangeQuery {
  enum Kind {
    RANK,
    SCORE,
    LEX
  }

  Kind kind;
  boolean reverse;
  long start;
  long stop;
  ScoreRange score;
  LexRange lex;
  long offset = 0;
  long limit = -1;
  boolean withScores;

  /**
   * Parses {@code src min max [options]} with {@code src} at {@code srcAt}; {@code kind} and
   * {@code reverse} are fixed unless null (ZRANGE, ZRANGESTORE); {@code store} forbids WITHSCORES.
   */
  static RangeQuery parse(CommandArgs a, int srcAt, boolean store, Kind kind, Boolean reverse) {
    RangeQuery q = new RangeQuery();
    boolean limitGiven = false;
    for (int j = srcAt + 3; j < a.count(); j++) {
      int left = a.count() - j - 1;
      if (!store && a.is(j, "withscores")) {
        q.withScores = true;
      } else if (a.is(j, "limit") && left >= 2) {
        q.offset = a.longArg(j + 1);
        q.limit = a.longArg(j + 2);
        limitGiven = q.limit != -1;
        j += 2;
      } else if (reverse == null && a.is(j, "rev")) {
        q.reverse = true;
      } else if (kind == null && q.kind == null && a.is(j, "bylex")) {
        q.kind = Kind.LEX;
      } else if (kind == null && q.kind == null && a.is(j, "byscore")) {
        q.kind = Kind.SCORE;
      } else {
        throw RedisErrors.syntax();
      }
    }
    if (kind != null) {
      q.kind = kind;
    } else if (q.kind == null) {
      q.kind = Kind.RANK;
    }
    if (reverse != null) {
      q.reverse = reverse;
    }
    if (limitGiven && q.kind == Kind.RANK) {
      throw new CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    }
    if (q.withScores && q.kind == Kind.LEX) {
      throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    }
    int minAt = srcAt + 1;
    int maxAt = srcAt + 2;
    if (q.reverse && q.kind != Kind.RANK) {
      minAt = srcAt + 2;
      maxAt = srcAt + 1;
    }
    switch (q.kind) {
      case RANK -> {
        q.start = a.longArg(minAt);
        q.stop = a.longArg(maxAt);
      }
      case SCORE -> q.score = Ranges.score(a.arg(minAt), a.arg(maxAt));
      case LEX -> q.lex = Ranges.lex(a.arg(minAt), a.arg(maxAt));
    }
    return q;
  }

  /** The entries the query selects from {@code c}, in reply order. */
  List<ZSetType.Entry> run(Collection c) {
    List<ZSetType.Entry> out = new ArrayList<>();
    switch (kind) {
      case RANK -> {
        long[] r = IndexRange.resolve(start, stop, c.size());
        if (r != null) {
          ZSetType.byRank(c, r[0], r[1], reverse, out::add);
        }
      }
      case SCORE -> {
        if (offset >= 0) {
          ZSetType.byScore(c, score, reverse, offset, limit, out::add);
        }
      }
      case LEX -> {
        if (offset >= 0) {
          ZSetType.byLex(c, lex, reverse, offset, limit, out::add);
        }
      }
    }
    return out;
  }
}
