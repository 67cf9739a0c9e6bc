package dev.assetkit.driver.gcs.fake;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three upload protocols of the JSON API: {@code uploadType=media} (bytes only), {@code
 * multipart} ({@code multipart/related}: metadata then bytes) and {@code resumable} (a session URL,
 * then chunks answered 308 until the last one).
 */
final class Uploads {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

  private final FakeStore store;
  private final Faults faults;
  private final Map<String, ResumableUpload> sessions = new ConcurrentHashMap<>();

  Uploads(FakeStore store, Faults faults) {
    this.store = store;
    this.faults = faults;
  }

  /** {@code POST /upload/storage/v1/b/{bucket}/o?uploadType=...}. */
  void start(Call call, String bucket) throws IOException {
    store.bucket(bucket);
    String type = call.query.getOrDefault("uploadType", "media");
    Preconditions preconditions = Preconditions.from(call.query);
    switch (type) {
      case "media" -> media(call, bucket, preconditions);
      case "multipart" -> multipart(call, bucket, preconditions);
      case "resumable" -> startResumable(call, bucket, preconditions);
      default -> throw GcsError.badRequest("Unknown uploadType: " + type);
    }
  }

  private void media(Call call, String bucket, Preconditions preconditions) throws IOException {
    String name = call.query.get("name");
    if (name == null) {
      throw GcsError.badRequest("Required parameter: name");
    }
    StagedBytes staged = new StagedBytes(store.newStagingFile());
    try {
      staged.copy(call.body(), Long.MAX_VALUE);
      StagedBytes.Received received = staged.finish();
      checkHashes(received, Map.of(), call.header("X-Goog-Hash"));
      StoredObject object =
          store.commit(bucket, name, received, call.header("Content-Type"), preconditions);
      call.sendJson(200, Resources.object(object, call.baseUrl()));
    } finally {
      staged.discard();
    }
  }

  private void multipart(Call call, String bucket, Preconditions preconditions) throws IOException {
    String contentType = call.header("Content-Type");
    Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (!boundary.find()) {
      throw GcsError.badRequest("multipart upload without a boundary: " + contentType);
    }
    // Receive the whole body into a file first (bounded memory), then find its two parts.
    Path raw = store.newStagingFile();
    StagedBytes staged = new StagedBytes(store.newStagingFile());
    try {
      try (InputStream in = call.body()) {
        Files.copy(in, raw);
      }
      MultipartBody body = MultipartBody.parse(raw, boundary.group(1));
      Map<String, Object> metadata =
          body.metadata().isEmpty() ? Map.of() : Json.parseObject(body.metadata());
      String name = call.query.getOrDefault("name", (String) metadata.get("name"));
      try (FileChannel channel = FileChannel.open(raw);
          InputStream data = Channels.newInputStream(channel.position(body.dataStart()))) {
        staged.copy(data, body.dataEnd() - body.dataStart());
      }
      StagedBytes.Received received = staged.finish();
      checkHashes(received, metadata, call.header("X-Goog-Hash"));
      String type = (String) metadata.getOrDefault("contentType", body.dataContentType());
      StoredObject object = store.commit(bucket, name, received, type, preconditions);
      call.sendJson(200, Resources.object(object, call.baseUrl()));
    } finally {
      staged.discard();
      Files.deleteIfExists(raw);
    }
  }

  private void startResumable(Call call, String bucket, Preconditions preconditions)
      throws IOException {
    String text = call.bodyText();
    Map<String, Object> metadata = text.isBlank() ? new LinkedHashMap<>() : Json.parseObject(text);
    String name = call.query.getOrDefault("name", (String) metadata.get("name"));
    if (name == null) {
      throw GcsError.badRequest("Required parameter: name");
    }
    // GCS checks preconditions when the session starts, and again when it commits.
    preconditions.checkWrite(store.find(bucket, name));
    String declared = call.header("X-Upload-Content-Length");
    String type = (String) metadata.get("contentType");
    if (type == null) {
      type = call.header("X-Upload-Content-Type");
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    ResumableUpload session =
        new ResumableUpload(
            id,
            bucket,
            name,
            type,
            metadata,
            preconditions,
            declared == null ? null : Long.valueOf(declared),
            new StagedBytes(store.newStagingFile()));
    sessions.put(id, session);
    call.setHeader(
        "Location",
        call.baseUrl()
            + "/upload/storage/v1/b/"
            + Resources.encodeSegment(bucket)
            + "/o?uploadType=resumable&upload_id="
            + id);
    call.setHeader("X-GUploader-UploadID", id);
    call.sendEmpty(200);
  }

  /** {@code PUT} (or {@code POST}) of a chunk or a status query to a session URL. */
  void chunk(Call call, String uploadId) throws IOException {
    ResumableUpload session = session(uploadId);
    long cut = faults.takeUploadCut(session.bucket);
    ResumableUpload.Answer answer =
        session.put(
            call.header("Content-Range"), call.body(), cut, store, call.header("X-Goog-Hash"));
    if (answer.object() != null) {
      call.sendJson(200, Resources.object(answer.object(), call.baseUrl()));
      return;
    }
    if (answer.persisted() > 0) {
      call.setHeader("Range", "bytes=0-" + (answer.persisted() - 1));
    }
    call.sendEmpty(308);
  }

  /** {@code DELETE} of a session URL. */
  void cancel(Call call, String uploadId) throws IOException {
    session(uploadId).cancel();
    sessions.remove(uploadId);
    call.sendEmpty(499);
  }

  private ResumableUpload session(String uploadId) {
    ResumableUpload session = sessions.get(uploadId);
    if (session == null) {
      throw new GcsError(404, "notFound", "No such upload session: " + uploadId);
    }
    return session;
  }

  /** Rejects bytes whose digests differ from those the client declared, as GCS does. */
  static void checkHashes(
      StagedBytes.Received received, Map<String, Object> metadata, String hashHeader) {
    Object crc32c = metadata.get("crc32c");
    Object md5 = metadata.get("md5Hash");
    if (hashHeader != null) {
      for (String part : hashHeader.split(",")) {
        String[] kv = part.trim().split("=", 2);
        if (kv.length == 2 && kv[0].equals("crc32c")) {
          crc32c = kv[1];
        } else if (kv.length == 2 && kv[0].equals("md5")) {
          md5 = kv[1];
        }
      }
    }
    if (crc32c != null && !crc32c.equals(received.crc32cBase64())) {
      throw GcsError.badRequest(
          "Provided CRC32C \""
              + crc32c
              + "\" doesn't match calculated \""
              + received.crc32cBase64()
              + "\".");
    }
    if (md5 != null && !md5.equals(received.md5Base64())) {
      throw GcsError.badRequest(
          "Provided MD5 hash \""
              + md5
              + "\" doesn't match calculated \""
              + received.md5Base64()
              + "\".");
    }
  }

  /** Where the parts of a {@code multipart/related} body are in its file. */
  record MultipartBody(String metadata, String dataContentType, long dataStart, long dataEnd) {

    static MultipartBody parse(Path file, String boundary) throws IOException {
      long size = Files.size(file);
      String delimiter = "--" + boundary;
      // The metadata part is small: read the head of the body as Latin-1 to keep byte offsets.
      int headLength = (int) Math.min(size, 1 << 20);
      byte[] headBytes = new byte[headLength];
      try (FileChannel channel = FileChannel.open(file)) {
        channel.read(ByteBuffer.wrap(headBytes), 0);
        String head = new String(headBytes, ISO_8859_1);
        int first = head.indexOf(delimiter);
        if (first < 0) {
          throw GcsError.badRequest("multipart body without its boundary");
        }
        int firstHeadersEnd = head.indexOf("\r\n\r\n", first);
        int second = head.indexOf("\r\n" + delimiter, firstHeadersEnd);
        if (firstHeadersEnd < 0 || second < 0) {
          throw GcsError.badRequest("multipart body with fewer than two parts");
        }
        String metadata =
            new String(headBytes, firstHeadersEnd + 4, second - firstHeadersEnd - 4, UTF_8);
        int secondHeadersStart = second + 2 + delimiter.length() + 2;
        int secondHeadersEnd = head.indexOf("\r\n\r\n", secondHeadersStart);
        if (secondHeadersEnd < 0) {
          throw GcsError.badRequest("multipart media part without headers");
        }
        String dataContentType = "application/octet-stream";
        for (String line : head.substring(secondHeadersStart, secondHeadersEnd).split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-type")) {
            dataContentType = line.substring(colon + 1).trim();
          }
        }
        long dataStart = secondHeadersEnd + 4L;
        int tailLength = (int) Math.min(size - dataStart, 4096);
        byte[] tailBytes = new byte[tailLength];
        channel.read(ByteBuffer.wrap(tailBytes), size - tailLength);
        String tail = new String(tailBytes, ISO_8859_1);
        int close = tail.lastIndexOf("\r\n" + delimiter + "--");
        if (close < 0) {
          throw GcsError.badRequest("multipart body without its closing boundary");
        }
        return new MultipartBody(metadata, dataContentType, dataStart, size - tailLength + close);
      }
    }
  }
}
