package dev.assetkit.driver.s3;

import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.PrefixTracker;
import dev.assetkit.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Downloads one object into a file with ranged GETs, written in place with positional writes.
 *
 * <p>The first GET asks for the first range: it tells the size and the ETag, and is the whole
 * download for objects up to one part. The other ranges go in parallel and carry {@code If-Match}
 * with that ETag, so an object replaced mid-way fails the download instead of mixing two versions.
 * Memory stays at one copy buffer per running range whatever the size. (GET with {@code partNumber}
 * would be one request fewer for multipart objects, but S3Proxy answers it with 501.)
 */
final class RangedDownload {
  private static final int BUFFER_SIZE = 256 << 10;

  private final DirectRequests direct;
  private final String bucket;
  private final S3Errors errors;
  private final ParallelParts parts;
  private final int parallelism;
  private final long rangeSize;

  RangedDownload(
      DirectRequests direct,
      String bucket,
      S3Errors errors,
      ParallelParts parts,
      int parallelism,
      long rangeSize) {
    this.direct = direct;
    this.bucket = bucket;
    this.errors = errors;
    this.parts = parts;
    this.parallelism = parallelism;
    this.rangeSize = rangeSize;
  }

  ObjectInfo download(String key, Path target, DownloadProgress progress) {
    // Nothing touches the target before the object is known to exist.
    ResponseInputStream<GetObjectResponse> first = openFirstRange(key);
    GetObjectResponse response = first.response();
    long firstLength = response.contentLength();
    long total =
        response.contentRange() == null ? firstLength : totalOf(response.contentRange(), key);
    String tag = response.eTag() == null ? "" : response.eTag();
    int count = 1 + (int) ceilDiv(total - firstLength, rangeSize);

    FirstRange firstRange = new FirstRange(first);
    PrefixTracker prefix = new PrefixTracker(count, firstLength, rangeSize, total, progress);
    try (FileChannel out =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      parts.run(
          count,
          parallelism,
          index ->
              prefix.transfer(
                  index,
                  parallelism,
                  () -> {
                    if (index == 0) {
                      firstRange.copyTo(out, firstLength, key, target);
                    } else {
                      long start = firstLength + (index - 1) * rangeSize;
                      long length = Math.min(rangeSize, total - start);
                      fetchRange(key, tag, start, length, out, target);
                    }
                  }));
      long written = out.size();
      if (written != total) {
        throw new StorageException(
            StorageException.Reason.CORRUPT,
            errors.uri(key) + ": wrote " + written + " bytes of " + total + " to " + target);
      }
    } catch (IOException e) {
      firstRange.abort();
      deleteQuietly(target);
      throw errors.translate(new LocalFileException("write", target, e), key);
    } catch (RuntimeException e) {
      firstRange.abort();
      deleteQuietly(target);
      throw errors.translate(e, key);
    }
    return new ObjectInfo(key, total, tag);
  }

  private ResponseInputStream<GetObjectResponse> openFirstRange(String key) {
    try {
      return direct.open(
          GetObjectRequest.builder()
              .bucket(bucket)
              .key(key)
              .range("bytes=0-" + (rangeSize - 1))
              .build());
    } catch (SdkServiceException e) {
      if (e.statusCode() != 416) {
        throw errors.translate(e, key);
      }
      // S3 refuses any range of an empty object; ask for all of it.
      try {
        return direct.open(GetObjectRequest.builder().bucket(bucket).key(key).build());
      } catch (SdkException again) {
        throw errors.translate(again, key);
      }
    } catch (SdkException e) {
      throw errors.translate(e, key);
    }
  }

  private void fetchRange(
      String key, String tag, long start, long length, FileChannel out, Path target) {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .range("bytes=" + start + "-" + (start + length - 1));
    if (!tag.isEmpty()) {
      request.ifMatch(tag);
    }
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = direct.open(request.build());
    } catch (SdkServiceException e) {
      if (e.statusCode() == 412) {
        throw new StorageException(
            StorageException.Reason.CORRUPT,
            errors.uri(key) + " was replaced while it downloaded; download it again",
            e);
      }
      throw errors.translate(e, key);
    } catch (SdkException e) {
      throw errors.translate(e, key);
    }
    copy(in, out, start, length, key, target);
  }

  /** Copies exactly {@code length} bytes to {@code out} at {@code position}, then closes. */
  private void copy(
      ResponseInputStream<GetObjectResponse> in,
      FileChannel out,
      long position,
      long length,
      String key,
      Path target) {
    boolean complete = false;
    try {
      byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, Math.max(length, 1))];
      long done = 0;
      while (done < length) {
        int n = read(in, buffer, (int) Math.min(buffer.length, length - done), key);
        if (n < 0) {
          throw new StorageException(
              StorageException.Reason.CORRUPT,
              errors.uri(key)
                  + ": the store sent "
                  + done
                  + " bytes of a "
                  + length
                  + "-byte range at "
                  + position);
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        long at = position + done;
        try {
          while (chunk.hasRemaining()) {
            at += out.write(chunk, at);
          }
        } catch (IOException e) {
          throw new LocalFileException("write", target, e);
        }
        done += n;
      }
      if (read(in, buffer, 1, key) >= 0) {
        throw new StorageException(
            StorageException.Reason.CORRUPT,
            errors.uri(key) + ": the store sent more than the " + length + " bytes asked for");
      }
      complete = true;
    } finally {
      if (complete) {
        closeQuietly(in);
      } else {
        // Do not drain the rest of a failed range: drop its connection.
        in.abort();
        closeQuietly(in);
      }
    }
  }

  private int read(InputStream in, byte[] buffer, int length, String key) {
    try {
      return in.read(buffer, 0, length);
    } catch (IOException e) {
      throw errors.network(e, key);
    }
  }

  /** The first range's open response, copied by whichever worker takes part 0. */
  private final class FirstRange {
    private final ResponseInputStream<GetObjectResponse> stream;
    private boolean taken;

    FirstRange(ResponseInputStream<GetObjectResponse> stream) {
      this.stream = stream;
    }

    void copyTo(FileChannel out, long length, String key, Path target) {
      synchronized (this) {
        taken = true;
      }
      copy(stream, out, 0, length, key, target);
    }

    /** Releases the response if no worker took it (a failure came first). */
    synchronized void abort() {
      if (!taken) {
        taken = true;
        stream.abort();
        closeQuietly(stream);
      }
    }
  }

  private long totalOf(String contentRange, String key) {
    // "bytes 0-16777215/301989888"
    int slash = contentRange.lastIndexOf('/');
    try {
      return Long.parseLong(contentRange.substring(slash + 1).trim());
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new StorageException(
          StorageException.Reason.OTHER,
          errors.uri(key) + ": the store sent an unreadable Content-Range '" + contentRange + "'",
          e);
    }
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // The bytes that mattered were read or the failure is already reported.
    }
  }

  private static void deleteQuietly(Path target) {
    try {
      Files.deleteIfExists(target);
    } catch (IOException e) {
      // A partial file is left; the caller's failure says the download did not complete.
    }
  }
}
