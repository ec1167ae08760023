package io.pacraft.server.command.string;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.storage.KeyType;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.Meta;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the dynamic-programming table and the
 * backward walk of Redis 7, so that matches come out in Redis' order (last first).
 */
final class Lcs {
  /** Transient table bytes allowed for one LCS (Redis bounds it by proto-max-bulk-len). */
  private static final long MAX_TABLE_BYTES = 64L << 20;

  private Lcs() {}

  static RespValue execute(Keyspace ks, CommandArgs args) {
    Meta ma = ks.meta(args.arg(1));
    Meta mb = ks.meta(args.arg(2));
    if (ma != null && ma.type() != KeyType.STRING || mb != null && mb.type() != KeyType.STRING) {
      throw new CommandError("ERR The specified keys must contain string values");
    }
    byte[] a = ma == null ? new byte[0] : ma.body();
    byte[] b = mb == null ? new byte[0] : mb.body();
    boolean getLen = false;
    boolean getIdx = false;
    boolean withMatchLen = false;
    long minMatchLen = 0;
    for (int j = 3; j < args.count(); j++) {
      String opt = args.word(j);
      boolean more = j + 1 < args.count();
      if (opt.equals("idx")) {
        getIdx = true;
      } else if (opt.equals("len")) {
        getLen = true;
      } else if (opt.equals("withmatchlen")) {
        withMatchLen = true;
      } else if (opt.equals("minmatchlen") && more) {
        minMatchLen = Math.max(0, args.longArg(++j));
      } else {
        throw RedisErrors.syntax();
      }
    }
    if (getIdx && getLen) {
      throw new CommandError("ERR If you want both the length and indexes, please just use IDX.");
    }
    int alen = a.length;
    int blen = b.length;
    long cells = (long) (alen + 1) * (blen + 1);
    if (cells * 4 > MAX_TABLE_BYTES) {
      throw new CommandError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    }
    int w = blen + 1;
    int[] dp = new int[(int) cells];
    for (int i = 1; i <= alen; i++) {
      for (int j = 1; j <= blen; j++) {
        if (a[i - 1] == b[j - 1]) {
          dp[i * w + j] = dp[(i - 1) * w + j - 1] + 1;
        } else {
          dp[i * w + j] = Math.max(dp[(i - 1) * w + j], dp[i * w + j - 1]);
        }
      }
    }
    int total = dp[alen * w + blen];
    if (getLen) {
      return RespValue.integer(total);
    }
    byte[] result = new byte[total];
    int idx = total;
    List<RespValue> matches = new ArrayList<>();
    int aStart = alen;
    int aEnd = 0;
    int bStart = 0;
    int bEnd = 0;
    int i = alen;
    int j = blen;
    while (i > 0 && j > 0) {
      boolean emit = false;
      if (a[i - 1] == b[j - 1]) {
        result[idx - 1] = a[i - 1];
        if (aStart == alen) {
          aStart = i - 1;
          aEnd = i - 1;
          bStart = j - 1;
          bEnd = j - 1;
        } else if (aStart == i && bStart == j) {
          aStart--;
          bStart--;
        } else {
          emit = true;
        }
        if (aStart == 0 || bStart == 0) {
          emit = true;
        }
        idx--;
        i--;
        j--;
      } else {
        if (dp[(i - 1) * w + j] > dp[i * w + j - 1]) {
          i--;
        } else {
          j--;
        }
        if (aStart != alen) {
          emit = true;
        }
      }
      int matchLen = aEnd - aStart + 1;
      if (emit) {
        if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
          List<RespValue> m = new ArrayList<>(3);
          m.add(RespValue.array(RespValue.integer(aStart), RespValue.integer(aEnd)));
          m.add(RespValue.array(RespValue.integer(bStart), RespValue.integer(bEnd)));
          if (withMatchLen) {
            m.add(RespValue.integer(matchLen));
          }
          matches.add(RespValue.array(m));
        }
        aStart = alen;
      }
    }
    if (getIdx) {
      return new RespValue.Map(
          List.of(RespValue.bulk("matches"), RespValue.array(matches), RespValue.bulk("len"), RespValue.integer(total)));
    }
    return RespValue.bulk(result);
  }
}
