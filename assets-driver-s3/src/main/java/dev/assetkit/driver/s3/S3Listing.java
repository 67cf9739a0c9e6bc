package dev.assetkit.driver.s3;

import dev.assetkit.spi.ObjectInfo;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A listing that asks for the next page of ListObjectsV2 (1,000 keys) only when the stream's
 * consumer reaches it, so a partial read costs one request and errors surface, translated, at the
 * page that failed.
 */
final class S3Listing extends Spliterators.AbstractSpliterator<ObjectInfo> {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final S3Errors errors;
  private Iterator<S3Object> page = java.util.Collections.emptyIterator();
  private String continuationToken;
  private boolean lastPage;

  private S3Listing(S3Client s3, String bucket, String prefix, S3Errors errors) {
    super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.DISTINCT);
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.errors = errors;
  }

  static Stream<ObjectInfo> stream(S3Client s3, String bucket, String prefix, S3Errors errors) {
    return StreamSupport.stream(new S3Listing(s3, bucket, prefix, errors), false);
  }

  @Override
  public boolean tryAdvance(Consumer<? super ObjectInfo> action) {
    while (!page.hasNext()) {
      if (lastPage) {
        return false;
      }
      fetchNextPage();
    }
    S3Object object = page.next();
    long size = object.size() == null ? 0 : object.size();
    action.accept(new ObjectInfo(object.key(), size, object.eTag() == null ? "" : object.eTag()));
    return true;
  }

  private void fetchNextPage() {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
    if (!prefix.isEmpty()) {
      request.prefix(prefix);
    }
    if (continuationToken != null) {
      request.continuationToken(continuationToken);
    }
    ListObjectsV2Response response;
    try {
      response = s3.listObjectsV2(request.build());
    } catch (RuntimeException e) {
      throw errors.translate(e, prefix.isEmpty() ? null : prefix);
    }
    page = response.contents().iterator();
    continuationToken = response.nextContinuationToken();
    // A truncated page without a token would loop forever: treat it as the last.
    lastPage = !Boolean.TRUE.equals(response.isTruncated()) || continuationToken == null;
  }
}
