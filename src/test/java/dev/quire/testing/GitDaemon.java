package dev.quire.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * C git's {@code git daemon} serving the repositories under a folder on 127.0.0.1 at a free
 * port, pushes allowed; stopped on close.
 */
public final class GitDaemon implements AutoCloseable {
  private final Process process;
  private final int port;

  public GitDaemon(Path base) throws IOException, InterruptedException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    process = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + port,
        "--base-path=" + base, "--export-all", "--enable=receive-pack", "--reuseaddr", base.toString())
        .redirectErrorStream(true).redirectOutput(base.resolve("daemon.log").toFile()).start();
    waitForPort();
  }

  /** The git:// address of a repository under the base folder. */
  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name;
  }

  private void waitForPort() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    close();
    throw new AssertionError("git daemon did not start on port " + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
