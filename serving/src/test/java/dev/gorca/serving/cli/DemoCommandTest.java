package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @Test
  void aTakenUiPortStopsTheDemoBeforeAnythingStartsWithOneLine(@TempDir Path data) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      CliRun cli = new CliRun();
      int exit = cli.run("demo", "--port", String.valueOf(taken.getLocalPort()), "--data", data.toString());
      assertEquals(1, exit);
      assertEquals("gorca demo: port " + taken.getLocalPort() + " for the web UI is taken; stop what uses it or pick"
          + " another with --port\n", cli.err.toString());
    }
  }
}
