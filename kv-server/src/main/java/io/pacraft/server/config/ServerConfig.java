package io.pacraft.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The server's configuration: every parameter CONFIG GET/SET knows, read from a redis.conf-style
 * file ({@code name value} lines, {@code #} comments) with command-line flags on top, and written
 * back by CONFIG REWRITE.
 */
public final class ServerConfig {
  private final Map<String, ConfigParameter> parameters = new LinkedHashMap<>();
  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final Path file;
  private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

  public ServerConfig(Path file) {
    this.file = file;
    for (ConfigParameter p : ServerParameters.all()) {
      parameters.put(p.name(), p);
      values.put(p.name(), p.defaultValue());
    }
  }

  /** Reads {@code file} (redis.conf syntax); unknown names and bad values are errors naming the line. */
  public static ServerConfig load(Path file) throws IOException {
    ServerConfig c = new ServerConfig(file);
    if (file != null) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+", 2);
        String name = parts[0].toLowerCase(Locale.ROOT);
        String value = parts.length > 1 ? unquote(parts[1].trim()) : "";
        try {
          c.setAtStartup(name, value);
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ":" + (i + 1) + ": " + name + ": " + e.getMessage());
        }
      }
    }
    return c;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  public Path file() {
    return file;
  }

  /** Sets a parameter before the server starts (immutable ones too). */
  public void setAtStartup(String name, String value) {
    ConfigParameter p = parameter(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown configuration parameter");
    }
    values.put(p.name(), p.validate(value));
  }

  public ConfigParameter parameter(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  public Collection<ConfigParameter> parameters() {
    return parameters.values();
  }

  public String get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return v;
  }

  public long getLong(String name) {
    return ConfigParameter.parseMemoryOrLong(get(name));
  }

  public boolean getBoolean(String name) {
    return "yes".equals(get(name));
  }

  /**
   * CONFIG SET of several parameters at once: all are validated first and none is applied unless
   * every one is valid (as Redis 7 does). Returns null on success, else Redis' error text.
   */
  public synchronized String set(Map<String, String> changes) {
    Map<String, String> normalised = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : changes.entrySet()) {
      ConfigParameter p = parameter(e.getKey());
      if (p == null) {
        return "ERR Unknown option or number of arguments for CONFIG SET - '" + e.getKey() + "'";
      }
      if (!p.mutable()) {
        return "ERR CONFIG SET failed (possibly related to argument '" + p.name() + "') - can't set immutable config";
      }
      try {
        normalised.put(p.name(), p.validate(e.getValue()));
      } catch (IllegalArgumentException ex) {
        return "ERR CONFIG SET failed (possibly related to argument '" + p.name() + "') - " + ex.getMessage();
      }
    }
    for (Map.Entry<String, String> e : normalised.entrySet()) {
      values.put(e.getKey(), e.getValue());
      for (BiConsumer<String, String> l : listeners) {
        l.accept(e.getKey(), e.getValue());
      }
    }
    return null;
  }

  /** Called after every successful CONFIG SET of a parameter, with its new value. */
  public void onChange(BiConsumer<String, String> listener) {
    listeners.add(listener);
  }

  /** Parameters whose names match the glob {@code pattern}, with values, in declaration order. */
  public Map<String, String> matching(String pattern) {
    Map<String, String> out = new LinkedHashMap<>();
    io.pacraft.server.glob.GlobPattern g = io.pacraft.server.glob.GlobPattern.compile(pattern.getBytes(StandardCharsets.UTF_8), true);
    for (ConfigParameter p : parameters.values()) {
      if (g.matches(p.name().getBytes(StandardCharsets.UTF_8))) {
        out.put(p.name(), values.get(p.name()));
      }
    }
    return out;
  }

  /**
   * CONFIG REWRITE: rewrites the config file with the current values of every parameter that
   * differs from its default, keeping comments and the order of lines already there.
   */
  public synchronized void rewrite() throws IOException {
    if (file == null) {
      throw new IllegalStateException("ERR The server is running without a config file");
    }
    List<String> old = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    List<String> out = new ArrayList<>();
    java.util.Set<String> written = new java.util.HashSet<>();
    for (String line : old) {
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) {
        out.add(line);
        continue;
      }
      String name = t.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      ConfigParameter p = parameters.get(name);
      if (p == null || written.contains(name)) {
        continue;
      }
      written.add(name);
      out.add(name + " " + quote(values.get(name)));
    }
    for (ConfigParameter p : parameters.values()) {
      if (!written.contains(p.name()) && !values.get(p.name()).equals(p.defaultValue())) {
        out.add(p.name() + " " + quote(values.get(p.name())));
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, out, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String quote(String v) {
    return v.isEmpty() || v.contains(" ") ? "\"" + v + "\"" : v;
  }
}
