package io.pacraft.server.cluster;

/**
 * Redis Cluster's key → slot mapping: CRC16 (XMODEM) of the key, or of its hash tag (the bytes
 * between the first '{' and the first '}' after it, when not empty), modulo 16384.
 */
public final class SlotHash {
  public static final int SLOTS = 16384;
  /**
   * {@code TABLES[k][v]}: the CRC register, from 0, after byte {@code v} and {@code k} zero bytes.
   * {@code TABLES[0]} is the usual byte-at-a-time table.
   */
  private static final int[][] TABLES = new int[8][256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i << 8;
      for (int j = 0; j < 8; j++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      TABLES[0][i] = crc & 0xFFFF;
    }
    for (int k = 1; k < 8; k++) {
      for (int i = 0; i < 256; i++) {
        int c = TABLES[k - 1][i];
        TABLES[k][i] = ((c << 8) & 0xFFFF) ^ TABLES[0][c >>> 8];
      }
    }
  }

  private SlotHash() {}

  /**
   * CRC16/XMODEM of {@code b[from, to)}, eight bytes at a step: the register folds into the next
   * two bytes, and each of the eight bytes goes through the table of its distance from the end,
   * so the lookups do not wait on one another (one byte at a time, each waits on the last; keys
   * are hashed up to three times per write).
   */
  public static int crc16(byte[] b, int from, int to) {
    int crc = 0;
    int i = from;
    int[] t0 = TABLES[0];
    for (; i + 8 <= to; i += 8) {
      crc = TABLES[7][((crc >>> 8) ^ b[i]) & 0xFF]
          ^ TABLES[6][(crc ^ b[i + 1]) & 0xFF]
          ^ TABLES[5][b[i + 2] & 0xFF]
          ^ TABLES[4][b[i + 3] & 0xFF]
          ^ TABLES[3][b[i + 4] & 0xFF]
          ^ TABLES[2][b[i + 5] & 0xFF]
          ^ TABLES[1][b[i + 6] & 0xFF]
          ^ t0[b[i + 7] & 0xFF];
    }
    for (; i < to; i++) {
      crc = ((crc << 8) ^ t0[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
    }
    return crc;
  }

  public static int slot(byte[] key) {
    int open = -1;
    for (int i = 0; i < key.length; i++) {
      if (key[i] == '{') {
        open = i;
        break;
      }
    }
    if (open >= 0) {
      for (int j = open + 1; j < key.length; j++) {
        if (key[j] == '}') {
          if (j > open + 1) {
            return crc16(key, open + 1, j) & (SLOTS - 1);
          }
          break;
        }
      }
    }
    return crc16(key, 0, key.length) & (SLOTS - 1);
  }

  /**
   * The slot every key starting with {@code prefix} hashes to, when the prefix already holds a
   * complete hash tag; -1 otherwise.
   */
  public static int slotOfPrefix(byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (prefix[i] == '{') {
        for (int j = i + 1; j < prefix.length; j++) {
          if (prefix[j] == '}') {
            return j > i + 1 ? crc16(prefix, i + 1, j) & (SLOTS - 1) : -1;
          }
        }
        return -1;
      }
    }
    return -1;
  }
}
