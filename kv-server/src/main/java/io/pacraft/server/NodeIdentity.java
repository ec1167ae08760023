package io.pacraft.server;

import io.pacraft.replication.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A node's permanent identity: 40 hex characters kept in {@code dir/node-id}, made on first start. */
public final class NodeIdentity {
  private NodeIdentity() {}

  public static NodeId load(Path dir) throws IOException {
    Path file = dir.resolve("node-id");
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (!id.matches("[0-9a-f]{40}")) {
        throw new IOException(file + " does not hold a node id");
      }
      return NodeId.of(id);
    }
    byte[] b = new byte[20];
    new SecureRandom().nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    Path tmp = dir.resolve("node-id.tmp");
    Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return NodeId.of(id);
  }
}
