package dev.rustagent.art.judge;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.internal.Cosine;
import dev.rustagent.memory.internal.KeywordIndex;
import dev.rustagent.memory.SemanticMemory.Scored;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import dev.rustagent.art.judge.RewardModel.Reward;

/**
 * A reward without an LLM judge: success 0.5, efficiency 0.2, quality 0.2 and novelty 0.1.
 *
 * <ul>
 *   <li>success: 1 when the trajectory reached its goal, else 0;
 *   <li>efficiency: the trajectory's {@code metadata.efficiency};
 *   <li>quality: a function of the trajectory, by default the share of steps without a failed tool call;
 *   <li>novelty: 1 minus the highest similarity of the objective and actions to earlier scored
 *       trajectories (cosine of embeddings when an {@link EmbeddingModel} is given, otherwise
 *       agent-memory's {@link KeywordIndex} score: the share of its keywords an earlier one matches).
 * </ul>
 *
 * <p>Each reward carries a {@code confidence} component: 1 minus twice the standard deviation of the
 * four components (agreeing components give high confidence). Every reward is added to the
 * {@linkplain #history() history}. Thread-safe.
 */
public final class CompositeRewardModel implements RewardModel {
  private static final int MAX_REMEMBERED = 2_000;

  private final EmbeddingModel embeddings;
  private final ToDoubleFunction<Trajectory> quality;
  private final Clock clock;
  private final Deque<float[]> rememberedVectors = new ArrayDeque<>();
  private final KeywordIndex rememberedTexts = new KeywordIndex();
  private final Deque<String> rememberedIds = new ArrayDeque<>();
  private long nextRemembered;
  private final List<RewardRecord> history = new ArrayList<>();

  private CompositeRewardModel(Builder b) {
    this.embeddings = b.embeddings;
    this.quality = b.quality;
    this.clock = b.clock;
  }

  /** Starts building. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized List<Reward> score(List<Trajectory> group) {
    List<Reward> out = new ArrayList<>(group.size());
    for (Trajectory t : group) {
      double success = t.success() ? 1 : 0;
      double efficiency = t.metadata().efficiency();
      double q = Math.max(0, Math.min(1, quality.applyAsDouble(t)));
      double novelty = Math.max(0, Math.min(1, 1 - similarityToRememberedThenRemember(text(t))));
      double value = 0.5 * success + 0.2 * efficiency + 0.2 * q + 0.1 * novelty;
      double mean = (success + efficiency + q + novelty) / 4;
      double variance = (sq(success - mean) + sq(efficiency - mean) + sq(q - mean) + sq(novelty - mean)) / 4;
      double confidence = Math.max(0, 1 - 2 * Math.sqrt(variance));
      Map<String, Double> components = new LinkedHashMap<>();
      components.put("success", success);
      components.put("efficiency", efficiency);
      components.put("quality", q);
      components.put("novelty", novelty);
      components.put("confidence", confidence);
      Reward reward = new Reward(t.id(), Math.max(0, Math.min(1, value)), components.entrySet().stream()
          .map(e -> e.getKey() + "=" + String.format("%.2f", e.getValue())).collect(Collectors.joining(", ")),
          components);
      history.add(new RewardRecord(t.id(), reward.value(), confidence, clock.instant()));
      out.add(reward);
    }
    return out;
  }

  /** Every reward given so far, oldest first. */
  public synchronized List<RewardRecord> history() {
    return List.copyOf(history);
  }

  private static String text(Trajectory t) {
    return t.objective() + "\n" + t.steps().stream().map(s -> s.action() instanceof StepAction.UseTool u
        ? u.tool() + " " + u.input() : s.action().describe()).collect(Collectors.joining("\n"));
  }

  /** The highest similarity of the text to the remembered ones (0 when none); then remembers it. */
  private double similarityToRememberedThenRemember(String text) {
    double max = 0;
    if (embeddings != null) {
      float[] vector = embeddings.embed(text).content().vector();
      for (float[] other : rememberedVectors) {
        max = Math.max(max, Cosine.of(vector, other));
      }
      rememberedVectors.addLast(vector);
      if (rememberedVectors.size() > MAX_REMEMBERED) {
        rememberedVectors.removeFirst();
      }
      return max;
    }
    for (Scored<String> best : rememberedTexts.search(text, 1)) {
      max = best.score();
    }
    String id = Long.toString(nextRemembered++);
    rememberedTexts.put(id, text);
    rememberedIds.addLast(id);
    if (rememberedIds.size() > MAX_REMEMBERED) {
      rememberedTexts.remove(rememberedIds.removeFirst());
    }
    return max;
  }

  private static double sq(double x) {
    return x * x;
  }

  /**
   * One reward given.
   *
   * @param trajectoryId the trajectory
   * @param reward the reward
   * @param confidence its confidence, 0..1
   * @param at when
   */
  public record RewardRecord(String trajectoryId, double reward, double confidence, Instant at) {}

  /** Builds a {@link CompositeRewardModel}. */
  public static final class Builder {
    private EmbeddingModel embeddings;
    private ToDoubleFunction<Trajectory> quality = CompositeRewardModel::errorFreeShare;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Measures novelty with embeddings instead of keywords. */
    public Builder embeddingModel(EmbeddingModel model) {
      this.embeddings = requireNonNull(model, "model");
      return this;
    }

    /** The quality component, 0..1 (values outside are clamped); default: the share of steps without a failed call. */
    public Builder quality(ToDoubleFunction<Trajectory> quality) {
      this.quality = requireNonNull(quality, "quality");
      return this;
    }

    /** The clock stamping the history. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the model. */
    public CompositeRewardModel build() {
      return new CompositeRewardModel(this);
    }
  }

  static double errorFreeShare(Trajectory t) {
    if (t.steps().isEmpty()) {
      return 0;
    }
    long failed = t.steps().stream().filter(s -> s.toolFailed()).count();
    return 1 - (double) failed / t.steps().size();
  }
}
