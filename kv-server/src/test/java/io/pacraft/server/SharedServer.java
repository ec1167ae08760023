package io.pacraft.server;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestServer} for all the tests of a class: {@code @RegisterExtension static final
 * SharedServer server = new SharedServer();} starts it before the first test and stops it (deleting
 * its data) after the last.
 */
public final class SharedServer implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, String> settings;
  private TestServer server;

  public SharedServer() {
    this(Map.of());
  }

  /** A server started with these configuration {@code settings} (redis.conf names). */
  public SharedServer(Map<String, String> settings) {
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = TestServer.start(settings);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public TestServer get() {
    return server;
  }

  public int port() {
    return server.port();
  }
}
