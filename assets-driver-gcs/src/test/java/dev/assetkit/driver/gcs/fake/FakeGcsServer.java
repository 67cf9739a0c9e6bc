package dev.assetkit.driver.gcs.fake;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Google Cloud Storage server for tests: the part of the JSON API that the official Java client
 * uses to create and get buckets, upload objects (media, multipart and resumable), read their
 * metadata, download them (ranges included), list, and delete them, with generation preconditions
 * checked atomically. Object bytes are kept in files under a temporary directory, so an object
 * larger than the test heap passes through it.
 *
 * <p>It speaks plain HTTP on a loopback port and asks for no credentials, like the emulators the
 * client reaches through {@code STORAGE_EMULATOR_HOST}; {@link #faults()} makes it fail on demand.
 */
public final class FakeGcsServer implements AutoCloseable {
  static {
    // Without TCP_NODELAY each small response waits for the client's delayed ACK (~40 ms). The
    // property is read once, when the JDK server classes load, so it is set before that.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final boolean LOG = Boolean.getBoolean("fakegcs.log");
  private static final int MAX_RESULTS = 1000;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path root;
  private final FakeStore store;
  private final Faults faults = new Faults();
  private final Uploads uploads;
  private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

  private FakeGcsServer(HttpServer server, ExecutorService executor, Path root) throws IOException {
    this.server = server;
    this.executor = executor;
    this.root = root;
    this.store = new FakeStore(root);
    this.uploads = new Uploads(store, faults);
  }

  /** Starts a server on a free loopback port. */
  public static FakeGcsServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    AtomicInteger threads = new AtomicInteger();
    // Parallel ranged downloads and racing writers each hold a thread; a cached pool never makes
    // one wait for another.
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "fake-gcs-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    FakeGcsServer fake =
        new FakeGcsServer(server, executor, Files.createTempDirectory("fake-gcs-"));
    server.setExecutor(executor);
    server.createContext("/", fake::handle);
    server.start();
    return fake;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code host:port}, the form of {@code STORAGE_EMULATOR_HOST}. */
  public String hostAndPort() {
    return server.getAddress().getHostString() + ":" + port();
  }

  /** {@code http://host:port}. */
  public String endpoint() {
    return "http://" + hostAndPort();
  }

  /** The failures to produce on demand. */
  public Faults faults() {
    return faults;
  }

  /** Creates a bucket directly, without a request. */
  public void createBucket(String name) {
    store.createBucket(name);
  }

  /** The requests answered so far about {@code bucket}, oldest first. */
  public List<RecordedRequest> requests(String bucket) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest request : requests) {
      if (bucket.equals(request.bucket())) {
        matching.add(request);
      }
    }
    return matching;
  }

  /** Stores an object directly, without a request; returns its generation. */
  public long putObject(String bucket, String name, byte[] content) throws IOException {
    StagedBytes staged = new StagedBytes(store.newStagingFile());
    try {
      staged.write(content, 0, content.length);
      return store.commit(bucket, name, staged.finish(), null, Preconditions.NONE).generation();
    } finally {
      staged.discard();
    }
  }

  /** The generation of the live object, for tests that check tags. */
  public long generation(String bucket, String name) {
    return store.get(bucket, name, null).generation();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
      deleteRecursively(root);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- dispatch

  private void handle(HttpExchange exchange) {
    AtomicBoolean recorded = new AtomicBoolean();
    Call call =
        new Call(
            exchange,
            c -> {
              if (recorded.compareAndSet(false, true)) {
                record(c, bucketOf(c));
              }
            });
    String bucket = bucketOf(call);
    try {
      Duration delay = faults.delayFor(bucket);
      if (delay != null) {
        Thread.sleep(delay.toMillis());
      }
      Faults.RequestHook hook = faults.hookFor(bucket);
      if (hook != null) {
        hook.before(call.method, call.query);
      }
      Faults.ErrorAnswer fault = faults.errorFor(bucket);
      if (fault != null) {
        throw new GcsError(fault.status(), fault.reason(), fault.message());
      }
      route(call);
    } catch (GcsError e) {
      answerError(call, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (call.status == 0) {
        answerError(call, new GcsError(500, "backendError", "fake server error: " + e));
      }
    } finally {
      if (recorded.compareAndSet(false, true)) {
        record(call, bucket);
      }
      exchange.close();
    }
  }

  private void answerError(Call call, GcsError error) {
    try {
      call.sendError(error);
    } catch (IOException e) {
      // The client hung up.
    }
  }

  private void record(Call call, String bucket) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name :
        List.of(
            "Range",
            "Content-Range",
            "Content-Encoding",
            "Content-Type",
            "Content-Length",
            "X-Upload-Content-Length",
            "X-HTTP-Method-Override",
            "Authorization")) {
      String value = call.header(name);
      if (value != null) {
        headers.put(
            name.toLowerCase(Locale.ROOT),
            name.equals("Authorization") ? value.split(" ")[0] + " ..." : value);
      }
    }
    RecordedRequest request =
        new RecordedRequest(call.method, call.path, call.query, headers, bucket, call.status);
    requests.add(request);
    if (LOG) {
      System.err.println("fake-gcs " + java.time.LocalTime.now() + ": " + request);
    }
  }

  private static String bucketOf(Call call) {
    List<String> s = call.segments;
    int b = s.indexOf("b");
    return b >= 0 && b + 1 < s.size() ? s.get(b + 1) : null;
  }

  private void route(Call call) throws IOException {
    List<String> s = call.segments;
    String head = s.isEmpty() ? "" : s.get(0);
    if (head.equals("upload") && startsWith(s, 1, "storage", "v1", "b") && s.size() == 6) {
      String bucket = s.get(4);
      String uploadId = call.query.get("upload_id");
      if (uploadId != null && call.method.equals("DELETE")) {
        uploads.cancel(call, uploadId);
      } else if (uploadId != null) {
        uploads.chunk(call, uploadId);
      } else if (call.method.equals("POST")) {
        uploads.start(call, bucket);
      } else {
        throw methodNotAllowed(call);
      }
      return;
    }
    int base;
    if (head.equals("storage") && startsWith(s, 1, "v1", "b")) {
      base = 3;
    } else if (head.equals("download") && startsWith(s, 1, "storage", "v1", "b")) {
      base = 4;
    } else {
      throw new GcsError(404, "notFound", "Not Found: " + call.path);
    }
    if (s.size() == base) {
      bucketCollection(call);
    } else if (s.size() == base + 1) {
      bucketResource(call, s.get(base));
    } else if (s.size() == base + 2 && s.get(base + 1).equals("o")) {
      objectCollection(call, s.get(base));
    } else if (s.get(base + 1).equals("o")) {
      // Object names are one %2F-encoded segment; accept them unencoded too.
      String name = String.join("/", s.subList(base + 2, s.size()));
      objectResource(call, s.get(base), name);
    } else {
      throw new GcsError(404, "notFound", "Not Found: " + call.path);
    }
  }

  private static boolean startsWith(List<String> segments, int from, String... expected) {
    if (segments.size() < from + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (!segments.get(from + i).equals(expected[i])) {
        return false;
      }
    }
    return true;
  }

  private static GcsError methodNotAllowed(Call call) {
    return new GcsError(405, "methodNotAllowed", call.method + " is not allowed on " + call.path);
  }

  // ---- buckets

  private void bucketCollection(Call call) throws IOException {
    switch (call.method) {
      case "POST" -> {
        Map<String, Object> body = Json.parseObject(call.bodyText());
        FakeStore.Bucket bucket = store.createBucket((String) body.get("name"));
        call.sendJson(200, Resources.bucket(bucket, call.baseUrl()));
      }
      case "GET" -> {
        List<Object> items = new ArrayList<>();
        for (FakeStore.Bucket bucket : store.buckets()) {
          items.add(Resources.bucket(bucket, call.baseUrl()));
        }
        call.sendJson(200, Map.of("kind", "storage#buckets", "items", items));
      }
      default -> throw methodNotAllowed(call);
    }
  }

  private void bucketResource(Call call, String name) throws IOException {
    switch (call.method) {
      case "GET" -> call.sendJson(200, Resources.bucket(store.bucket(name), call.baseUrl()));
      case "DELETE" -> {
        store.deleteBucket(name);
        call.sendEmpty(204);
      }
      default -> throw methodNotAllowed(call);
    }
  }

  // ---- objects

  private void objectCollection(Call call, String bucketName) throws IOException {
    if (!call.method.equals("GET")) {
      throw methodNotAllowed(call);
    }
    FakeStore.Bucket bucket = store.bucket(bucketName);
    String prefix = call.query.getOrDefault("prefix", "");
    String delimiter = call.query.get("delimiter");
    if (delimiter != null && delimiter.isEmpty()) {
      delimiter = null;
    }
    int maxResults = MAX_RESULTS;
    if (call.query.containsKey("maxResults")) {
      maxResults =
          Math.max(1, Math.min(MAX_RESULTS, Integer.parseInt(call.query.get("maxResults"))));
    }
    String token = call.query.get("pageToken");
    String after = token == null || token.isEmpty() ? null : decodeToken(token);
    NavigableMap<String, StoredObject> view =
        after != null && after.compareTo(prefix) >= 0
            ? bucket.objects.tailMap(after, false)
            : bucket.objects.tailMap(prefix, true);
    List<Object> items = new ArrayList<>();
    List<Object> prefixes = new ArrayList<>();
    String last = null;
    boolean more = false;
    while (true) {
      Map.Entry<String, StoredObject> entry = view.firstEntry();
      if (entry == null || !entry.getKey().startsWith(prefix)) {
        break;
      }
      if (items.size() + prefixes.size() >= maxResults) {
        more = true;
        break;
      }
      String name = entry.getKey();
      int cut = delimiter == null ? -1 : name.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        String common = name.substring(0, cut + delimiter.length());
        prefixes.add(common);
        // Continue after every name under this common prefix.
        last = common + Character.MAX_VALUE;
      } else {
        items.add(Resources.object(entry.getValue(), call.baseUrl()));
        last = name;
      }
      view = view.tailMap(last, false);
    }
    sendListing(call, items, prefixes, more ? last : null);
  }

  private static void sendListing(
      Call call, List<Object> items, List<Object> prefixes, String nextAfter) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "storage#objects");
    if (!items.isEmpty()) {
      json.put("items", items);
    }
    if (!prefixes.isEmpty()) {
      json.put("prefixes", prefixes);
    }
    if (nextAfter != null) {
      json.put(
          "nextPageToken",
          Base64.getUrlEncoder().withoutPadding().encodeToString(nextAfter.getBytes(UTF_8)));
    }
    call.sendJson(200, json);
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), UTF_8);
    } catch (IllegalArgumentException e) {
      throw GcsError.badRequest("Invalid pageToken");
    }
  }

  private void objectResource(Call call, String bucket, String name) throws IOException {
    Preconditions preconditions = Preconditions.from(call.query);
    Long generation =
        call.query.containsKey("generation") ? Long.valueOf(call.query.get("generation")) : null;
    switch (call.method) {
      case "GET" -> {
        store.bucket(bucket);
        StoredObject current = store.find(bucket, name);
        preconditions.checkRead(current);
        StoredObject object = store.get(bucket, name, generation);
        if ("media".equals(call.query.get("alt"))) {
          media(call, object);
        } else {
          call.sendJson(200, Resources.object(object, call.baseUrl()));
        }
      }
      case "DELETE" -> {
        store.delete(bucket, name, generation, preconditions);
        call.sendEmpty(204);
      }
      default -> throw methodNotAllowed(call);
    }
  }

  private void media(Call call, StoredObject object) throws IOException {
    long size = object.size();
    long first = 0;
    long last = size - 1;
    int status = 200;
    String range = call.header("Range");
    if (range != null && size > 0) {
      Matcher m = RANGE.matcher(range.trim());
      if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
        throw GcsError.badRequest("Invalid Range: " + range);
      }
      if (m.group(1).isEmpty()) {
        first = Math.max(0, size - Long.parseLong(m.group(2)));
      } else {
        first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          last = Math.min(last, Long.parseLong(m.group(2)));
        }
      }
      if (first >= size) {
        call.setHeader("Content-Range", "bytes */" + size);
        throw new GcsError(416, "requestedRangeNotSatisfiable", "Request range not satisfiable");
      }
      status = 206;
      call.setHeader("Content-Range", "bytes " + first + "-" + last + "/" + size);
    }
    long length = size == 0 ? 0 : last - first + 1;
    FileChannel channel;
    try {
      channel = FileChannel.open(object.file());
    } catch (NoSuchFileException e) {
      // Replaced between lookup and open: that generation is gone.
      throw GcsError.objectNotFound(object.bucket(), object.name());
    }
    try (channel) {
      call.setHeader("Content-Type", object.contentType());
      call.setHeader("ETag", Resources.etag(object));
      call.setHeader("X-Goog-Generation", Long.toString(object.generation()));
      call.setHeader("X-Goog-Metageneration", Long.toString(object.metageneration()));
      call.setHeader("X-Goog-Stored-Content-Length", Long.toString(size));
      call.setHeader("X-Goog-Stored-Content-Encoding", "identity");
      call.setHeader(
          "X-Goog-Hash", "crc32c=" + object.crc32cBase64() + ",md5=" + object.md5Base64());
      call.respond(status, length);
      if (length > 0) {
        try (OutputStream out = call.exchange.getResponseBody()) {
          channel.position(first);
          long copied =
              Channels.newInputStream(channel).transferTo(new BoundedOutputStream(out, length));
          if (copied < length) {
            throw new IOException("short object file");
          }
        }
      }
    }
  }

  /** Writes at most {@code limit} bytes and drops the rest. */
  private static final class BoundedOutputStream extends OutputStream {
    private final OutputStream out;
    private long remaining;

    BoundedOutputStream(OutputStream out, long limit) {
      this.out = out;
      this.remaining = limit;
    }

    @Override
    public void write(int b) throws IOException {
      if (remaining > 0) {
        out.write(b);
        remaining--;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int n = (int) Math.min(len, remaining);
      if (n > 0) {
        out.write(b, off, n);
        remaining -= n;
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
