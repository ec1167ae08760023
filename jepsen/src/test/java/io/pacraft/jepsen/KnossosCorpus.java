package io.pacraft.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the Knossos corpus: the copy in this module's test resources ({@code
 * jepsen/src/test/resources/knossos}, with its origin and licence in README.md there), or {@code
 * shared/histories/knossos} beside or above the checkout, or {@code -Dknossos.corpus=DIR}.
 */
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
      for (String candidate : new String[] {"src/test/resources/knossos", "jepsen/src/test/resources/knossos", "shared/histories/knossos"}) {
        Path p = dir.resolve(candidate);
        if (Files.isDirectory(p.resolve("cas-register"))) {
          return p;
        }
      }
    }
    throw new IllegalStateException("Knossos corpus not found: expected jepsen/src/test/resources/knossos in the"
        + " checkout, shared/histories/knossos beside it, or -Dknossos.corpus=DIR");
  }

  /** The .edn files of a folder of the corpus, sorted. */
  public static List<Path> files(String folder) throws IOException {
    try (Stream<Path> s = Files.list(root().resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
    }
  }
}
