package io.pacraft.server.storage;

import org.rocksdb.RocksDBException;

/**
 * RocksDB failed. The state machine cannot continue past a failed apply without diverging from the
 * other replicas, so this is fatal to the node; on a read it fails only that command.
 */
public final class StorageException extends RuntimeException {
  public StorageException(RocksDBException cause) {
    super("storage failure: " + cause.getMessage(), cause);
  }
}
