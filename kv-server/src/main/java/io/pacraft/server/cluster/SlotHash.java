package io.pacraft.server.cluster;

/**
 * Redis Cluster's key → slot mapping: CRC16 (XMODEM) of the key, or of its hash tag (the bytes
 * between the first '{' and the first '}' after it, when not empty), modulo 16384.
 */
public final class SlotHash {
  public static final int SLOTS = 16384;
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i << 8;
      for (int j = 0; j < 8; j++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      TABLE[i] = crc & 0xFFFF;
    }
  }

  private SlotHash() {}

  public static int crc16(byte[] b, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
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
