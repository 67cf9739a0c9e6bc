package dev.assetkit.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Decides what a test does when the server it needs is not there: skipped on a developer's machine,
 * a failure when {@code CI=true}, so that a broken emulator start is never a green run.
 */
public final class Emulators {
  private Emulators() {}

  /** Whether this run is CI's ({@code CI=true}). */
  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Skips (locally) or fails (on CI) the current test because {@code what} is unreachable.
   *
   * @param what the server, such as "S3Proxy on 127.0.0.1:9000"
   * @param why what went wrong and how to start it by hand
   */
  public static void unavailable(String what, String why) {
    String message = what + " is not reachable: " + why;
    if (onCi()) {
      fail(message + " (CI=true: a missing emulator fails the build)");
    }
    abort(message);
  }

  /** Whether a Docker engine answers; Testcontainers cross-checks are skipped without one. */
  public static boolean dockerAvailable() {
    try {
      Class<?> factory = Class.forName("org.testcontainers.DockerClientFactory");
      Object instance = factory.getMethod("instance").invoke(null);
      return (Boolean) factory.getMethod("isDockerAvailable").invoke(instance);
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }
}
