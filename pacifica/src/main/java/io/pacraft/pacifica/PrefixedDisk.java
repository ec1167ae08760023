package io.pacraft.pacifica;

import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a {@link Disk} whose names start with a prefix, seen as a disk of their own: the
 * embedded configuration manager keeps its Raft log and snapshot metadata beside the data log
 * without either seeing the other's files.
 */
final class PrefixedDisk implements Disk {
  private final Disk disk;
  private final String prefix;

  PrefixedDisk(Disk disk, String prefix) {
    this.disk = disk;
    this.prefix = prefix;
  }

  @Override
  public DiskFile open(String name, boolean create) throws IOException {
    return disk.open(prefix + name, create);
  }

  @Override
  public boolean exists(String name) {
    return disk.exists(prefix + name);
  }

  @Override
  public List<String> list() throws IOException {
    List<String> out = new ArrayList<>();
    for (String n : disk.list()) {
      if (n.startsWith(prefix)) {
        out.add(n.substring(prefix.length()));
      }
    }
    return out;
  }

  @Override
  public void delete(String name) throws IOException {
    disk.delete(prefix + name);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    disk.rename(prefix + from, prefix + to);
  }

  @Override
  public void syncDirectory() throws IOException {
    disk.syncDirectory();
  }
}
