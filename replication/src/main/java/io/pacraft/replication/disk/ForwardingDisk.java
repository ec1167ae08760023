package io.pacraft.replication.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link Disk} that passes every call to another, for wrappers that change one or two of them:
 * the files it opens go through {@link #wrap}, and {@link File} forwards a file's calls the same way.
 * Used by tests and benchmarks that count or hold syncs.
 */
public abstract class ForwardingDisk implements Disk {
  protected final Disk inner;

  protected ForwardingDisk(Disk inner) {
    this.inner = inner;
  }

  /** The file to hand out for {@code file}, just opened on the inner disk. */
  protected abstract DiskFile wrap(DiskFile file);

  @Override
  public DiskFile open(String name, boolean create) throws IOException {
    return wrap(inner.open(name, create));
  }

  @Override
  public boolean exists(String name) {
    return inner.exists(name);
  }

  @Override
  public List<String> list() throws IOException {
    return inner.list();
  }

  @Override
  public void delete(String name) throws IOException {
    inner.delete(name);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    inner.rename(from, to);
  }

  @Override
  public void syncDirectory() throws IOException {
    inner.syncDirectory();
  }

  /** A {@link DiskFile} that passes every call to another. */
  public static class File implements DiskFile {
    protected final DiskFile inner;

    public File(DiskFile inner) {
      this.inner = inner;
    }

    @Override
    public long size() throws IOException {
      return inner.size();
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      return inner.read(position, dst);
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
      inner.write(position, src);
    }

    @Override
    public void sync() throws IOException {
      inner.sync();
    }

    @Override
    public void truncate(long size) throws IOException {
      inner.truncate(size);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
