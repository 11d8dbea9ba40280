package dev.rustagent.art;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentPlugin;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.TrajectoryStore.Feedback;

/**
 * Records every run of an agent as a {@link Trajectory} in a store, and (with success patterns) puts
 * the lessons of earlier good runs into each run's context: one builder call,
 * {@code Agent.builder()...plugin(ArtPlugin.builder(store).patterns(db).build())}.
 *
 * <p>Recording never breaks a run: when the store refuses a trajectory (locked by another process,
 * full disk) the run completes, the failure is logged, counted in {@link #skippedRecordings()} and kept
 * in {@link #lastRecordingProblem()} so a host can say that recording was skipped. Runs are saved
 * unscored; {@code art score}, the scheduler or a person's {@link Feedback} gives them a reward, after
 * which {@link SuccessPatternDatabase#learn} can learn from them.
 */
public final class ArtPlugin implements AgentPlugin {
  private static final Logger log = LoggerFactory.getLogger(ArtPlugin.class);

  private final TrajectoryStore store;
  private final SuccessPatternDatabase patterns;
  private final TrajectoryTracker tracker;
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicReference<String> lastProblem = new AtomicReference<>();

  private ArtPlugin(Builder b) {
    this.store = b.store;
    this.patterns = b.patterns;
    TrajectoryTracker.Builder tb = TrajectoryTracker.builder();
    b.tracking.accept(tb);
    this.tracker = tb.sink(this::save).build();
  }

  /** Starts building a plugin that records into {@code store}. */
  public static Builder builder(TrajectoryStore store) {
    return new Builder(store);
  }

  private void save(Trajectory trajectory) {
    try {
      store.save(trajectory);
      recorded.incrementAndGet();
    } catch (RuntimeException e) {
      skipped.incrementAndGet();
      String problem = "recording of run " + trajectory.id() + " was skipped: " + e.getMessage();
      lastProblem.set(problem);
      log.warn(problem);
    }
  }

  /** The tracker, for hosts that want a finished run's trajectory ({@link TrajectoryTracker#completed}). */
  public TrajectoryTracker tracker() {
    return tracker;
  }

  /** How many trajectories were saved. */
  public long recordedRuns() {
    return recorded.get();
  }

  /** How many trajectories could not be saved. */
  public long skippedRecordings() {
    return skipped.get();
  }

  /** Why the latest recording was skipped, or {@code null} when none was. */
  public @Nullable String lastRecordingProblem() {
    return lastProblem.get();
  }

  /**
   * Records a person's feedback on a run and updates the success patterns: a good run may become a
   * lesson, a bad one is never recommended.
   *
   * @throws ArtException when the run is not in the store (nothing changes)
   */
  public Trajectory feedback(Feedback feedback) {
    Trajectory updated = store.recordFeedback(requireNonNull(feedback, "feedback"));
    if (patterns != null) {
      patterns.learn(updated);
    }
    return updated;
  }

  @Override
  public String name() {
    return "art";
  }

  @Override
  public List<ContextProvider> contextProviders() {
    return patterns == null ? List.of() : List.of(patterns);
  }

  @Override
  public List<AgentListener> listeners() {
    return List.of(tracker);
  }

  /** Builds an {@link ArtPlugin}. */
  public static final class Builder {
    private final TrajectoryStore store;
    private SuccessPatternDatabase patterns;
    private Consumer<TrajectoryTracker.Builder> tracking = t -> { };

    private Builder(TrajectoryStore store) {
      this.store = requireNonNull(store, "store");
    }

    /** Success patterns: lessons of earlier good runs go into each run's context, feedback updates them. */
    public Builder patterns(SuccessPatternDatabase patterns) {
      this.patterns = requireNonNull(patterns, "patterns");
      return this;
    }

    /**
     * How runs are recorded: the agent's and model's names, a fixed kind, the success criterion, as
     * {@link TrajectoryTracker.Builder} takes them, for example
     * {@code tracking(t -> t.agentName("ci-bot").modelName("claude-sonnet-4-6"))}. Applied to a fresh
     * tracker builder each time {@link #build()} runs.
     */
    public Builder tracking(Consumer<TrajectoryTracker.Builder> tracking) {
      this.tracking = requireNonNull(tracking, "tracking");
      return this;
    }

    /** Builds the plugin. */
    public ArtPlugin build() {
      return new ArtPlugin(this);
    }
  }
}
