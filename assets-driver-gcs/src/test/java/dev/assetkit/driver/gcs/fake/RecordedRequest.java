package dev.assetkit.driver.gcs.fake;

import java.util.Map;

/**
 * One request the fake answered, for tests that check what a client sent.
 *
 * @param method the effective method (after {@code X-HTTP-Method-Override})
 * @param path the decoded path
 * @param query the decoded query parameters
 * @param headers the request headers tests look at, lower-case names
 * @param bucket the bucket the request was about, or {@code null}
 * @param status the status answered
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    String bucket,
    int status) {

  /** A query parameter, or {@code null}. */
  public String param(String name) {
    return query.get(name);
  }

  /** A request header (lower-case name), or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return method + " " + path + " " + query + " " + headers + " -> " + status;
  }
}
