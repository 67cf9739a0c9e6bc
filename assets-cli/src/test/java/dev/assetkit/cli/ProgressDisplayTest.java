package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.TransferListener.Direction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest extends CliTest {

  @Test
  void line_showsBytesFilesRateAndEta() {
    assertEquals(
        "downloading m:1.0  512.0 MiB / 1.0 GiB  50%  3/10 files  256.0 MiB/s  ETA 2s",
        ProgressDisplay.render(
            Direction.DOWNLOAD, "m:1.0", 512L << 20, 1L << 30, 3, 10, 2.0, null));
    assertEquals(
        "uploading m:1.0  1.0 GiB / 1.0 GiB 100%  10/10 files  512.0 MiB/s  done in 2s",
        ProgressDisplay.render(Direction.UPLOAD, "m:1.0", 1L << 30, 1L << 30, 10, 10, 2.0, "done"));
    assertEquals(
        "downloading old  2.0 KiB  1/4 files  1.0 KiB/s",
        ProgressDisplay.render(Direction.DOWNLOAD, "old", 2048, -1, 1, 4, 2.0, null));
  }

  @Test
  void display_countsFinishedFilesAndBytesOnDiskOfFilesInFlight() throws IOException {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), 200, now::get);
    display.transferStarted(Direction.DOWNLOAD, "x:0.1", 2, 1000);
    Path partial = Files.write(tmp.resolve("partial"), new byte[300]);
    display.fileStarted("a", tmp.resolve("done"), 600);
    display.fileFinished("a", 600);
    display.fileStarted("b", partial, 400);
    now.set(1_000_000_000L);
    display.draw();
    assertEquals(
        "\rdownloading x:0.1  900 B / 1000 B  90%  1/2 files  900 B/s  ETA 1s", err.toString());
    display.fileFinished("b", 400);
    display.transferFinished(true);
    assertTrue(
        err.toString().endsWith("1000 B / 1000 B 100%  2/2 files  1000 B/s  done in 1s\n"),
        err.toString());
    display.close();
  }

  @Test
  void quickTransfers_printNothing() {
    StringWriter err = new StringWriter();
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(err), 80, System::nanoTime);
    display.transferStarted(Direction.UPLOAD, "x:0.0", 1, 10);
    display.fileFinished("", 10);
    display.transferFinished(true);
    assertEquals("", err.toString());
  }

  /** A download slow enough for the line to appear, through the whole CLI. */
  private Run slowFetch(boolean terminal, String... extra) throws IOException {
    if (!Files.exists(object("x.versions"))) {
      pushVersions("x", 1);
    }
    Map<String, String> env = env();
    env.put("ASSETS_STORAGE_PROVIDER", "slow");
    String[] args = new String[2 + extra.length];
    args[0] = "fetch";
    args[1] = "x:0.0";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return Run.of(
        CliContext.of(env, work)
            .withRegistry(registry(FakeProviders.slow("slow", ProgressDisplay.DELAY_MS + 400)))
            .withProgressTerminal(terminal),
        args);
  }

  @Test
  void onATerminal_aLongFetchShowsProgressOnStderr() throws IOException {
    Run run = slowFetch(true);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("\rdownloading x:0.0  "), run.err());
    assertTrue(run.err().contains("2/2 files") && run.err().endsWith("\n"), run.err());
    assertEquals(assets.resolve("x/0.0") + "\n", run.out());
  }

  @Test
  void notATerminal_quiet_orJson_showNoProgress() throws IOException {
    Run pipe = slowFetch(false);
    assertEquals(0, pipe.exitCode(), pipe::toString);
    assertEquals("", pipe.err());
    Run quiet = slowFetch(true, "--download", "-q");
    assertEquals("", quiet.err());
    Run json = slowFetch(true, "--download", "--json");
    assertEquals("", json.err());
    assertFalse(json.out().contains("\r"));
  }
}
