package dev.assetkit.driver.gcs.fake;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One resumable upload session: the bytes received so far (kept in a staging file), the object's
 * metadata and preconditions, and once finished its result, replayed to every later request.
 */
final class ResumableUpload {
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

  /** What a chunk request gets: 308 with the persisted length, or 200 with the object. */
  record Answer(long persisted, StoredObject object) {}

  final String id;
  final String bucket;
  final String name;
  final String contentType;
  final Map<String, Object> metadata;
  final Preconditions preconditions;
  private final StagedBytes staged;
  private Long total;
  private StoredObject result;
  private GcsError failure;

  ResumableUpload(
      String id,
      String bucket,
      String name,
      String contentType,
      Map<String, Object> metadata,
      Preconditions preconditions,
      Long declaredTotal,
      StagedBytes staged) {
    this.id = id;
    this.bucket = bucket;
    this.name = name;
    this.contentType = contentType;
    this.metadata = metadata;
    this.preconditions = preconditions;
    this.total = declaredTotal;
    this.staged = staged;
  }

  /**
   * Takes one chunk request ({@code Content-Range: bytes a-b/total}, {@code bytes a-b/*} or the
   * status query {@code bytes * /total}). Bytes already persisted are skipped, so a client that
   * resends from an older offset is served as GCS serves it.
   *
   * @param cut how many bytes of this request to keep before failing it, or -1 for all
   */
  synchronized Answer put(
      String contentRange, InputStream body, long cut, FakeStore store, String hashHeader)
      throws IOException {
    if (result != null) {
      return new Answer(result.size(), result);
    }
    if (failure != null) {
      throw failure;
    }
    Matcher range = CONTENT_RANGE.matcher(contentRange == null ? "bytes */*" : contentRange.trim());
    if (!range.matches()) {
      throw GcsError.badRequest("Invalid Content-Range: " + contentRange);
    }
    if (!range.group(3).equals("*")) {
      total = Long.parseLong(range.group(3));
    }
    if (range.group(1) != null) {
      long first = Long.parseLong(range.group(1));
      long last = Long.parseLong(range.group(2));
      long persisted = staged.size();
      if (first > persisted) {
        throw GcsError.badRequest(
            "Content-Range starts at " + first + " but only " + persisted + " bytes are persisted");
      }
      long length = last - first + 1;
      long skip = persisted - first;
      body.skipNBytes(Math.min(skip, length));
      long wanted = Math.max(0, length - skip);
      long keep = cut >= 0 ? Math.min(cut, wanted) : wanted;
      long copied = staged.copy(body, keep);
      if (cut >= 0) {
        throw new GcsError(503, "backendError", "Upload cut after " + copied + " bytes (fault)");
      }
      if (copied != wanted) {
        throw GcsError.badRequest(
            "Content-Range announced " + length + " bytes, received " + (skip + copied));
      }
    }
    if (total != null && staged.size() > total) {
      throw GcsError.badRequest("Received " + staged.size() + " bytes, more than " + total);
    }
    if (total == null || staged.size() < total) {
      return new Answer(staged.size(), null);
    }
    try {
      StagedBytes.Received received = staged.finish();
      Uploads.checkHashes(received, metadata, hashHeader);
      result = store.commit(bucket, name, received, contentType, preconditions);
      return new Answer(result.size(), result);
    } catch (GcsError e) {
      failure = e;
      staged.discard();
      throw e;
    }
  }

  synchronized long persisted() {
    return result != null ? result.size() : staged.size();
  }

  synchronized void cancel() {
    if (result == null) {
      failure = new GcsError(499, "clientClosedRequest", "Upload cancelled");
      staged.discard();
    }
  }
}
