package io.pacraft.server.storage;

/** The value type a key holds, as stored in the first byte of its metadata record. */
public enum KeyType {
  STRING(1, "string"),
  HASH(2, "hash"),
  LIST(3, "list"),
  SET(4, "set"),
  ZSET(5, "zset");

  private static final KeyType[] BY_CODE = new KeyType[6];

  static {
    for (KeyType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final byte code;
  private final String redisName;

  KeyType(int code, String redisName) {
    this.code = (byte) code;
    this.redisName = redisName;
  }

  public byte code() {
    return code;
  }

  /** The name TYPE answers and SCAN ... TYPE filters by. */
  public String redisName() {
    return redisName;
  }

  public static KeyType ofCode(byte code) {
    if (code <= 0 || code >= BY_CODE.length) {
      throw new IllegalStateException("corrupt metadata: unknown type code " + code);
    }
    return BY_CODE[code];
  }

  /** The type named {@code name} (case-insensitive), or null. */
  public static KeyType ofRedisName(String name) {
    for (KeyType t : values()) {
      if (t.redisName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }
}
