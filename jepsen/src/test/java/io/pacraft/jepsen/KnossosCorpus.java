package io.pacraft.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the Knossos corpus ({@code shared/histories/knossos}) beside or above the checkout. */
public final class KnossosCorpus {
  private KnossosCorpus() {}

  /** The corpus folder. */
  public static Path root() {
    String configured = System.getProperty("knossos.corpus");
    if (configured != null) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/histories/knossos");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("Knossos corpus not found: expected shared/histories/knossos"
        + " beside the checkout, or -Dknossos.corpus=DIR");
  }

  /** The .edn files of a folder of the corpus, sorted. */
  public static List<Path> files(String folder) throws IOException {
    try (Stream<Path> s = Files.list(root().resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
    }
  }
}
