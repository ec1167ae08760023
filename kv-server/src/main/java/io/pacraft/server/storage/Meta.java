package io.pacraft.server.storage;

import java.util.Arrays;

/**
 * A key's metadata record in the {@code meta} column family:
 *
 * <pre>
 * [0]      type code ({@link KeyType})
 * [1]      reserved, 0
 * [2..10)  expire-at, unix milliseconds, big-endian; 0 = no expiry
 * [10..18) log index of the last change (what WATCH compares)
 * [18..)   body: a string's value; a collection's header (version, size, type-specific fields)
 * </pre>
 *
 * Instances wrap the stored bytes without copying; {@link #body()} copies out.
 */
public final class Meta {
  public static final int HEADER = 18;

  private final byte[] raw;

  private Meta(byte[] raw) {
    if (raw.length < HEADER) {
      throw new IllegalStateException("corrupt metadata record of " + raw.length + " bytes");
    }
    this.raw = raw;
  }

  /** Wraps a stored record (not copied). */
  public static Meta wrap(byte[] raw) {
    return new Meta(raw);
  }

  /** A new record of {@code type} with {@code body}. */
  public static Meta of(KeyType type, long expireAt, long modIndex, byte[] body) {
    return of(type, expireAt, modIndex, body, 0, body.length);
  }

  public static Meta of(KeyType type, long expireAt, long modIndex, byte[] body, int off, int len) {
    byte[] raw = new byte[HEADER + len];
    raw[0] = type.code();
    Bytes.putLong(raw, 2, expireAt);
    Bytes.putLong(raw, 10, modIndex);
    System.arraycopy(body, off, raw, HEADER, len);
    return new Meta(raw);
  }

  public KeyType type() {
    return KeyType.ofCode(raw[0]);
  }

  public long expireAt() {
    return Bytes.getLong(raw, 2);
  }

  public boolean hasExpiry() {
    return expireAt() != 0;
  }

  /** True when the key has an expiry at or before {@code nowMillis}. */
  public boolean expiredAt(long nowMillis) {
    long at = expireAt();
    return at != 0 && at <= nowMillis;
  }

  public long modIndex() {
    return Bytes.getLong(raw, 10);
  }

  public int bodyLength() {
    return raw.length - HEADER;
  }

  /** A copy of the body. */
  public byte[] body() {
    return Arrays.copyOfRange(raw, HEADER, raw.length);
  }

  /** The stored record itself; callers must not modify it. */
  public byte[] raw() {
    return raw;
  }

  /** The same record with another expiry and modification index. */
  public Meta withExpireAt(long expireAt, long modIndex) {
    byte[] copy = raw.clone();
    Bytes.putLong(copy, 2, expireAt);
    Bytes.putLong(copy, 10, modIndex);
    return new Meta(copy);
  }

  /** The same type and expiry with a new body and modification index. */
  public Meta withBody(byte[] body, long modIndex) {
    return of(type(), expireAt(), modIndex, body);
  }
}
