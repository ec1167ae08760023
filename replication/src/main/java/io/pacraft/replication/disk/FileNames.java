package io.pacraft.replication.disk;

/** The rule every {@link Disk} applies to names: one flat directory, no path separators. */
public final class FileNames {
  private FileNames() {}

  /** Returns {@code name} when it names a file directly inside a disk's directory; throws otherwise. */
  public static String check(String name) {
    if (name == null
        || name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a plain file name: " + name);
    }
    return name;
  }
}
