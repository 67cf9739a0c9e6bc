package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README quickstart, scripts/quickstart.sh, on the shaded jar. */
class QuickstartIT {
  @TempDir Path tmp;

  @Test
  void quickstartScript_pushesUpdatesFetchesAndChecksTheBytes() throws Exception {
    Path script = JarProcess.repository().resolve("scripts/quickstart.sh");
    Run run =
        JarProcess.run(
            List.of("bash", script.toString(), JarProcess.jar().toString()),
            Map.of("TMPDIR", tmp.toString()),
            tmp);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.err().endsWith("quickstart: OK\n"), run.err());
    assertTrue(run.out().contains("Pushed models/encoder:0.1"), run.out());
  }
}
