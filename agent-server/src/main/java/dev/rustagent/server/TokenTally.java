package dev.rustagent.server;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.AgentResult.ModelPricing;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tokens of model calls (all of the server's runs, or one run's), input, cache writes, cache reads
 * and output apart, and their estimated cost, each call priced by the model that answered it. Thread-safe.
 */
final class TokenTally {
  private final ModelPricing pricing;
  private final LongAdder input = new LongAdder();
  private final LongAdder cacheWrite = new LongAdder();
  private final LongAdder cacheRead = new LongAdder();
  private final LongAdder output = new LongAdder();
  private final LongAdder calls = new LongAdder();
  private final LongAdder unpricedCalls = new LongAdder();
  private final DoubleAdder cost = new DoubleAdder();

  TokenTally(ModelPricing pricing) {
    this.pricing = pricing;
  }

  /** Counts one model call's answer. */
  void record(ChatResponse response) {
    if (response == null || response.tokenUsage() == null) {
      return;
    }
    CacheAwareTokenUsage usage = CacheAwareTokenUsage.of(response.tokenUsage());
    input.add(usage.inputTokenCount());
    cacheWrite.add(usage.cacheWriteTokens());
    cacheRead.add(usage.cacheReadTokens());
    output.add(usage.outputTokenCount());
    calls.increment();
    String model = response.modelName();
    if (model == null) {
      unpricedCalls.increment();
    } else {
      pricing.estimateCost(model, usage).ifPresentOrElse(cost::add, unpricedCalls::increment);
    }
  }

  ApiViews.Tokens view() {
    long in = input.sum();
    long written = cacheWrite.sum();
    long read = cacheRead.sum();
    long allInput = in + written + read;
    return new ApiViews.Tokens(in, written, read, output.sum(), allInput == 0 ? null : (double) read / allInput,
        cost.sum(), calls.sum(), unpricedCalls.sum());
  }
}
