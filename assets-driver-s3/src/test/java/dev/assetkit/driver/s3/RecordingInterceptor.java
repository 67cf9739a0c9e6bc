package dev.assetkit.driver.s3;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Records the HTTP requests a driver hands to its HTTP client (signed, headers final), and how many
 * of each operation were on the wire at once, whether the SDK sent them or the driver itself
 * ({@link DirectRequests}). A hook can act before an operation runs, to make something happen
 * between two requests of one transfer.
 */
final class RecordingInterceptor implements ExecutionInterceptor, DirectRequests.Observer {
  private static final ExecutionAttribute<Boolean> ON_THE_WIRE =
      new ExecutionAttribute<>("assetkit-test-on-the-wire");

  /** One request as sent; {@code direct} if the driver sent it without the SDK's pipeline. */
  record Sent(String operation, SdkHttpRequest http, String thread, boolean direct) {
    Optional<String> header(String name) {
      return http.firstMatchingHeader(name);
    }
  }

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> onTheWire = new ConcurrentHashMap<>();
  private final Map<String, Integer> maxOnTheWire = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, SdkRequest> beforeOperation = (operation, request) -> {};

  /** Runs {@code hook} with the operation name and request before each operation starts. */
  void beforeOperation(BiConsumer<String, SdkRequest> hook) {
    this.beforeOperation = hook;
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  List<Sent> sent(String operation) {
    return sent.stream().filter(s -> s.operation().equals(operation)).toList();
  }

  /** The most requests of {@code operation} that were being sent or awaited at once. */
  int maxOnTheWire(String operation) {
    return maxOnTheWire.getOrDefault(operation, 0);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    beforeOperation.accept(operation(attributes), context.request());
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = operation(attributes);
    record(operation, context.httpRequest(), false);
    attributes.putAttribute(ON_THE_WIRE, true);
  }

  @Override
  public void beforeDirect(String operation, SdkRequest request) {
    beforeOperation.accept(operation, request);
  }

  @Override
  public Runnable directSent(String operation, SdkHttpRequest request) {
    record(operation, request, true);
    return () -> onTheWire.get(operation).decrementAndGet();
  }

  private void record(String operation, SdkHttpRequest http, boolean direct) {
    sent.add(new Sent(operation, http, Thread.currentThread().getName(), direct));
    int now = onTheWire.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    maxOnTheWire.merge(operation, now, Math::max);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    leave(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    leave(attributes);
  }

  private void leave(ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(ON_THE_WIRE))) {
      attributes.putAttribute(ON_THE_WIRE, false);
      onTheWire.get(operation(attributes)).decrementAndGet();
    }
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }
}
