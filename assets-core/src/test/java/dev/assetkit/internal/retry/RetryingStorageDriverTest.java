package dev.assetkit.internal.retry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryingStorageDriverTest {
  private static final Path SOURCE = Path.of("source.bin");
  private static final Path TARGET = Path.of("target.bin");
  private static final byte[] BYTES = "hello".getBytes(UTF_8);
  private static final StagedObject STAGED = new StagedObject("h1", BYTES.length);

  /** Records each call; throws the next scripted failure, if any, before answering. */
  static final class ScriptedDriver implements StorageDriver {
    final Deque<RuntimeException> failures = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();
    boolean closed;

    private void enter(String call) {
      calls.add(call);
      RuntimeException failure = failures.poll();
      if (failure != null) {
        throw failure;
      }
    }

    private static ObjectInfo info(String key) {
      return new ObjectInfo(key, BYTES.length, "tag-" + key);
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.ATOMIC_CREATE_IF_ABSENT);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
      enter("stat " + key);
      return Optional.of(info(key));
    }

    @Override
    public Optional<ObjectContent> read(String key) {
      enter("read " + key);
      return Optional.of(new ObjectContent(info(key), BYTES));
    }

    @Override
    public ObjectInfo download(String key, Path target) {
      enter("download " + key + " " + target);
      return info(key);
    }

    @Override
    public byte[] readSmall(String key, int limit) {
      enter("readSmall " + key + " " + limit);
      return BYTES;
    }

    @Override
    public ObjectInfo upload(String key, Path source, Condition condition) {
      enter("upload " + key + " " + source + " " + condition);
      return info(key);
    }

    @Override
    public ObjectInfo write(String key, byte[] content, Condition condition) {
      enter("write " + key + " " + new String(content, UTF_8) + " " + condition);
      return info(key);
    }

    @Override
    public StagedObject stage(Path source, DownloadProgress progress) {
      enter("stage " + source);
      progress.prefixWritten(BYTES.length);
      return STAGED;
    }

    @Override
    public StagedObject stage(byte[] content) {
      enter("stage " + new String(content, UTF_8));
      return STAGED;
    }

    @Override
    public void commitStaged(StagedObject staged, String key, Condition condition) {
      enter("commit " + staged.handle() + " " + key + " " + condition);
    }

    @Override
    public void discardStaged(StagedObject staged) {
      enter("discard " + staged.handle());
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
      enter("list " + prefix);
      return Stream.of(info(prefix + "a"), info(prefix + "b"));
    }

    @Override
    public void delete(String key) {
      enter("delete " + key);
    }

    @Override
    public String uri(String key) {
      return "mem://bucket/" + key;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final FakeTime time = new FakeTime();
  private final ScriptedDriver delegate = new ScriptedDriver();
  private final RetryingStorageDriver driver =
      new RetryingStorageDriver(
          delegate,
          time.policy(
              Duration.ofSeconds(10),
              Duration.ofMillis(100),
              Duration.ofSeconds(1),
              new Random(9)));

  /** Each operation, the call the delegate must see, and what the wrapper must return. */
  static Stream<Arguments> operations() {
    return Stream.of(
        operation("stat k", d -> d.stat("k").orElseThrow(), ScriptedDriver.info("k")),
        operation("read k", d -> d.read("k").orElseThrow().info(), ScriptedDriver.info("k")),
        operation("download k " + TARGET, d -> d.download("k", TARGET), ScriptedDriver.info("k")),
        operation(
            "download k " + TARGET,
            d -> d.download("k", TARGET, DownloadProgress.NONE),
            ScriptedDriver.info("k")),
        operation("readSmall k 5", d -> new String(d.readSmall("k", 5), UTF_8), "hello"),
        operation(
            "upload k " + SOURCE + " " + Condition.ifAbsent(),
            d -> d.upload("k", SOURCE, Condition.ifAbsent()),
            ScriptedDriver.info("k")),
        operation(
            "write k hello " + Condition.ifTagMatches("t1"),
            d -> d.write("k", BYTES, Condition.ifTagMatches("t1")),
            ScriptedDriver.info("k")),
        operation("stage " + SOURCE, d -> d.stage(SOURCE, DownloadProgress.NONE), STAGED),
        operation("stage hello", d -> d.stage(BYTES), STAGED),
        operation(
            "commit h1 k " + Condition.ifAbsent(),
            d -> {
              d.commitStaged(STAGED, "k", Condition.ifAbsent());
              return "committed";
            },
            "committed"),
        operation(
            "discard h1",
            d -> {
              d.discardStaged(STAGED);
              return "discarded";
            },
            "discarded"),
        operation(
            "list p/", d -> d.list("p/").map(ObjectInfo::key).toList(), List.of("p/a", "p/b")),
        operation(
            "delete k",
            d -> {
              d.delete("k");
              return "deleted";
            },
            "deleted"));
  }

  private static Arguments operation(
      String call, Function<StorageDriver, Object> run, Object result) {
    return Arguments.of(call, run, result);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operation_delegatesItsArgumentsAndResult(
      String call, Function<StorageDriver, Object> run, Object result) {
    assertEquals(result, run.apply(driver));
    assertEquals(List.of(call), delegate.calls);
    assertEquals(List.of(), time.sleeps());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operation_transientFailures_areRetried(
      String call, Function<StorageDriver, Object> run, Object result) {
    delegate.failures.add(new StorageException(Reason.UNAVAILABLE, "503"));
    delegate.failures.add(new StorageException(Reason.THROTTLED, "slow down"));

    assertEquals(result, run.apply(driver));
    assertEquals(List.of(call, call, call), delegate.calls);
    assertEquals(2, time.sleeps().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operation_notFound_isNotRetried(
      String call, Function<StorageDriver, Object> run, Object result) {
    StorageException notFound = new StorageException(Reason.NOT_FOUND, "no such key");
    delegate.failures.add(notFound);

    assertSame(notFound, assertThrows(StorageException.class, () -> run.apply(driver)));
    assertEquals(List.of(call), delegate.calls);
  }

  /** A progress that writes down what it is told, in order. */
  private static DownloadProgress recording(List<String> events) {
    return new DownloadProgress() {
      @Override
      public void prefixWritten(long bytes) {
        events.add("prefix " + bytes);
      }

      @Override
      public void restarted() {
        events.add("restarted");
      }
    };
  }

  @Test
  void downloadWithProgress_retried_tellsTheProgressEachAttemptStartsOver() {
    delegate.failures.add(new StorageException(Reason.UNAVAILABLE, "503"));
    delegate.failures.add(new StorageException(Reason.UNAVAILABLE, "reset"));
    List<String> events = new ArrayList<>();
    DownloadProgress progress = recording(events);

    driver.download("k", TARGET, progress);

    assertEquals(List.of("restarted", "restarted", "prefix " + BYTES.length), events);
  }

  @Test
  void stageWithProgress_retried_tellsTheProgressEachAttemptStartsOver() {
    delegate.failures.add(new StorageException(Reason.UNAVAILABLE, "disk busy"));
    List<String> events = new ArrayList<>();
    DownloadProgress progress = recording(events);

    assertEquals(STAGED, driver.stage(SOURCE, progress));

    assertEquals(List.of("restarted", "prefix " + BYTES.length), events);
  }

  @Test
  void read_returnsTheDelegatesBytes() {
    assertArrayEquals(BYTES, driver.read("k").orElseThrow().bytes());
  }

  @Test
  void stat_persistentFailure_givesUpNamingTheOperationAndUri() {
    for (int i = 0; i < 1000; i++) {
      delegate.failures.add(new StorageException(Reason.UNAVAILABLE, "connection refused"));
    }

    StorageException e = assertThrows(StorageException.class, () -> driver.stat("a/b"));

    assertTrue(e.getMessage().startsWith("stat mem://bucket/a/b: gave up after "), e.getMessage());
    assertTrue(e.getMessage().endsWith(": connection refused"), e.getMessage());
    assertFalse(e.retryable());
    assertTrue(
        delegate.calls.size() > 1 && delegate.calls.size() < 1000,
        "calls: " + delegate.calls.size());
  }

  @Test
  void uriCapabilitiesAndClose_goStraightToTheDelegate() {
    assertEquals("mem://bucket/x/y", driver.uri("x/y"));
    assertEquals(EnumSet.of(Capability.ATOMIC_CREATE_IF_ABSENT), driver.capabilities());
    assertFalse(delegate.closed);

    driver.close();

    assertTrue(delegate.closed);
    assertEquals(List.of(), delegate.calls);
  }
}
