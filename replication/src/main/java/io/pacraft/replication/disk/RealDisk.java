package io.pacraft.replication.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link Disk} on a real directory. Files are {@link FileChannel}s; {@link DiskFile#sync()} is
 * {@code fdatasync} ({@code force(false)}), {@link #syncDirectory()} fsyncs the directory itself
 * (which Linux supports through a read-only channel on the directory), and {@link #rename} is an
 * atomic {@code rename(2)}. Safe for use from several threads.
 */
public final class RealDisk implements Disk {
  private final Path directory;

  /** Uses {@code directory}, creating it (and its parents) when missing. */
  public RealDisk(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
  }

  public Path directory() {
    return directory;
  }

  private Path path(String name) {
    return directory.resolve(FileNames.check(name));
  }

  @Override
  public DiskFile open(String name, boolean create) throws IOException {
    FileChannel channel =
        create
            ? FileChannel.open(
                path(name), StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
            : FileChannel.open(path(name), StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new ChannelFile(channel);
  }

  @Override
  public boolean exists(String name) {
    return Files.isRegularFile(path(name));
  }

  @Override
  public List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  @Override
  public void delete(String name) throws IOException {
    Files.delete(path(name));
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Files.move(path(from), path(to), StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  @Override
  public String toString() {
    return "RealDisk[" + directory + "]";
  }

  private static final class ChannelFile implements DiskFile {
    private final FileChannel channel;

    ChannelFile(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      return channel.read(dst, position);
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
      long at = position;
      while (src.hasRemaining()) {
        at += channel.write(src, at);
      }
    }

    @Override
    public void sync() throws IOException {
      channel.force(false);
    }

    @Override
    public void truncate(long size) throws IOException {
      channel.truncate(size);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
