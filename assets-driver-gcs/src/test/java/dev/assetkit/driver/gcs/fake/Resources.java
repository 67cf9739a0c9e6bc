package dev.assetkit.driver.gcs.fake;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON resources of the GCS JSON API for the fake's buckets and objects. */
final class Resources {
  private static final DateTimeFormatter RFC_3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Resources() {}

  static String time(Instant instant) {
    return RFC_3339.format(instant);
  }

  /** A path segment as the JSON API spells it ({@code /} as {@code %2F}, space as {@code %20}). */
  static String encodeSegment(String name) {
    return URLEncoder.encode(name, UTF_8).replace("+", "%20");
  }

  static Map<String, Object> bucket(FakeStore.Bucket bucket, String baseUrl) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "storage#bucket");
    json.put("selfLink", baseUrl + "/storage/v1/b/" + encodeSegment(bucket.name));
    json.put("id", bucket.name);
    json.put("name", bucket.name);
    json.put("projectNumber", "0");
    json.put("metageneration", "1");
    json.put("location", "US");
    json.put("storageClass", "STANDARD");
    json.put("etag", "CAE=");
    json.put("timeCreated", time(bucket.created));
    json.put("updated", time(bucket.created));
    return json;
  }

  static Map<String, Object> object(StoredObject object, String baseUrl) {
    String encodedName = encodeSegment(object.name());
    String generation = Long.toString(object.generation());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "storage#object");
    json.put("id", object.bucket() + "/" + object.name() + "/" + generation);
    json.put(
        "selfLink",
        baseUrl + "/storage/v1/b/" + encodeSegment(object.bucket()) + "/o/" + encodedName);
    json.put(
        "mediaLink",
        baseUrl
            + "/download/storage/v1/b/"
            + encodeSegment(object.bucket())
            + "/o/"
            + encodedName
            + "?generation="
            + generation
            + "&alt=media");
    json.put("name", object.name());
    json.put("bucket", object.bucket());
    json.put("generation", generation);
    json.put("metageneration", Long.toString(object.metageneration()));
    json.put("contentType", object.contentType());
    json.put("storageClass", "STANDARD");
    json.put("size", Long.toString(object.size()));
    json.put("md5Hash", object.md5Base64());
    json.put("crc32c", object.crc32cBase64());
    json.put("etag", etag(object));
    json.put("timeCreated", time(object.created()));
    json.put("updated", time(object.created()));
    json.put("timeStorageClassUpdated", time(object.created()));
    return json;
  }

  static String etag(StoredObject object) {
    return Base64.getEncoder()
        .withoutPadding()
        .encodeToString((object.generation() + "/" + object.metageneration()).getBytes(UTF_8));
  }
}
