package io.pacraft.server.storage;

/**
 * Something an apply did to a key: what keyspace notifications publish, what wakes blocked
 * clients and what WATCH notices.
 *
 * @param key the key
 * @param event Redis' event name ({@code set}, {@code del}, {@code expired}, {@code expire},
 *     {@code lpush}, ...)
 * @param typeClass Redis' notify-keyspace-events class letter of the event ({@code $} string,
 *     {@code g} generic, {@code l} list, {@code s} set, {@code h} hash, {@code z} zset, {@code x}
 *     expired, {@code e} evicted, {@code n} new key)
 */
public record KeyEvent(byte[] key, String event, char typeClass) {}
