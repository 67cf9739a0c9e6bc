package dev.assetkit.driver.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Records the requests a driver sends (method, query, range and conditions), and can run a step
 * just before one is sent, to stage a concurrent writer at an exact point of a transfer.
 */
final class RecordingPolicy implements HttpPipelinePolicy {
  private static final HttpHeaderName RANGE = HttpHeaderName.fromString("x-ms-range");

  /** One request as sent. */
  record Request(String method, String query, String range, String ifMatch, String ifNoneMatch) {
    boolean isGet() {
      return method.equals("GET");
    }

    boolean isStageBlock() {
      return method.equals("PUT") && query.contains("comp=block&") || query.endsWith("comp=block");
    }

    boolean isCommit() {
      return method.equals("PUT") && query.contains("comp=blocklist");
    }

    boolean isList() {
      return method.equals("GET") && query.contains("comp=list");
    }
  }

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Predicate<Request> trigger = request -> false;
  private volatile Runnable step = () -> {};

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Runs {@code step} once, before the first request matching {@code when} is sent. */
  void before(Predicate<Request> when, Runnable step) {
    this.step = step;
    this.trigger = when;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    Request request = record(context.getHttpRequest());
    // The step makes blocking calls: keep it off the reactor threads.
    return Mono.fromRunnable(() -> maybeRun(request))
        .subscribeOn(Schedulers.boundedElastic())
        .then(Mono.defer(next::process));
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    maybeRun(record(context.getHttpRequest()));
    return next.processSync();
  }

  private Request record(HttpRequest http) {
    String query = http.getUrl().getQuery() == null ? "" : http.getUrl().getQuery();
    Request request =
        new Request(
            http.getHttpMethod().toString(),
            query,
            http.getHeaders().getValue(RANGE),
            http.getHeaders().getValue(HttpHeaderName.IF_MATCH),
            http.getHeaders().getValue(HttpHeaderName.IF_NONE_MATCH));
    requests.add(request);
    return request;
  }

  private synchronized void maybeRun(Request request) {
    if (trigger.test(request)) {
      trigger = r -> false;
      step.run();
    }
  }
}
