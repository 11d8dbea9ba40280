package dev.rustagent.art;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.art.judge.CompositeRewardModel;
import dev.rustagent.art.judge.RewardModel;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an agent inside the learning loop: each run is tracked as a trajectory, scored by the
 * {@link RewardModel}, saved in the {@link TrajectoryStore}, and (when it did well) learned as a
 * success pattern that later runs receive in their context. A reward model that fails leaves the
 * trajectory saved unscored; nothing recorded is lost.
 *
 * <pre>{@code
 * ArtRunner runner = ArtRunner.builder(agent, store).patterns(patterns).build();
 * ArtRunner.Outcome outcome = runner.run("make the crate build");
 * }</pre>
 */
public final class ArtRunner {
  private static final Logger log = LoggerFactory.getLogger(ArtRunner.class);

  private final Agent agent;
  private final TrajectoryTracker tracker;
  private final TrajectoryStore store;
  private final RewardModel rewardModel;
  private final SuccessPatternDatabase patterns;
  private final ArtConfig config;

  private ArtRunner(Builder b) {
    this.config = b.config;
    this.store = b.store;
    this.rewardModel = b.rewardModel;
    this.patterns = b.patterns;
    TrajectoryTracker.Builder tb = TrajectoryTracker.builder();
    b.tracking.accept(tb);
    this.tracker = tb.build();
    Agent.Builder ab = b.agent.toBuilder();
    if (config.enableTracking()) {
      ab.listener(tracker);
    }
    if (config.usePatterns() && patterns != null) {
      ab.contextProvider(patterns);
    }
    this.agent = ab.build();
  }

  /** Starts a runner over an agent (its settings are kept; a tracker and the patterns are added) and a store. */
  public static Builder builder(Agent agent, TrajectoryStore store) {
    return new Builder(agent, store);
  }

  /** Runs the objective once, scores it on its own and learns from it. */
  public Outcome run(String objective) {
    return runGroup(objective, 1).get(0);
  }

  /**
   * Runs the objective {@code rollouts} times and scores the runs together as one group (what a
   * relative judge like RULER needs), then saves and learns from each.
   */
  public List<Outcome> runGroup(String objective, int rollouts) {
    if (rollouts < 1) {
      throw new IllegalArgumentException("rollouts must be at least 1: " + rollouts);
    }
    List<AgentResult> results = new ArrayList<>();
    List<Trajectory> group = new ArrayList<>();
    for (int i = 0; i < rollouts; i++) {
      AgentResult result = agent.run(objective);
      results.add(result);
      tracker.completed(result.runId()).ifPresent(group::add);
    }
    List<Trajectory> scored = score(group);
    List<Outcome> outcomes = new ArrayList<>();
    for (AgentResult result : results) {
      Trajectory t = scored.stream().filter(s -> s.id().equals(result.runId())).findFirst().orElse(null);
      if (t != null) {
        store.save(t);
        if (patterns != null) {
          patterns.learn(t);
        }
      }
      outcomes.add(new Outcome(result, t));
    }
    return outcomes;
  }

  private List<Trajectory> score(List<Trajectory> group) {
    if (group.isEmpty()) {
      return group;
    }
    try {
      return rewardModel.reward(group);
    } catch (RuntimeException e) {
      log.warn("scoring {} trajectories of '{}' failed; saving them unscored: {}", group.size(),
          group.get(0).objective(), e.getMessage());
      List<Trajectory> out = new ArrayList<>();
      for (Trajectory t : group) {
        List<String> logs = new ArrayList<>(t.logs());
        logs.add("scoring failed: " + e.getMessage());
        out.add(new Trajectory(t.id(), t.sessionId(), t.agentName(), t.objective(), t.success(), t.answer(),
            t.steps(), t.messages(), t.tools(), t.metadata(), t.metrics(), t.reward(), logs, t.createdAt(),
            t.completedAt()));
      }
      return out;
    }
  }

  /**
   * One run's outcome.
   *
   * @param result what the agent returned
   * @param trajectory the scored trajectory, or null when tracking is off
   */
  public record Outcome(AgentResult result, @Nullable Trajectory trajectory) {
    /** The trajectory, when tracking is on. */
    public Optional<Trajectory> trajectoryValue() {
      return Optional.ofNullable(trajectory);
    }
  }

  /** Builds an {@link ArtRunner}. */
  public static final class Builder {
    private final Agent agent;
    private final TrajectoryStore store;
    private RewardModel rewardModel = CompositeRewardModel.builder().build();
    private SuccessPatternDatabase patterns;
    private ArtConfig config = ArtConfig.defaults();
    private Consumer<TrajectoryTracker.Builder> tracking = t -> { };

    private Builder(Agent agent, TrajectoryStore store) {
      this.agent = requireNonNull(agent, "agent");
      this.store = requireNonNull(store, "store");
    }

    /** Scores the runs; default {@link CompositeRewardModel}. */
    public Builder rewardModel(RewardModel model) {
      this.rewardModel = requireNonNull(model, "model");
      return this;
    }

    /** Where success patterns are learned and recalled; without one, nothing is learned. */
    public Builder patterns(SuccessPatternDatabase patterns) {
      this.patterns = requireNonNull(patterns, "patterns");
      return this;
    }

    /** The loop's settings; default {@link ArtConfig#defaults()}. */
    public Builder config(ArtConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /**
     * How runs are recorded: the agent's and model's names, a fixed kind (such as {@code mission:debugging}),
     * the success criterion, as {@link TrajectoryTracker.Builder} takes them, for example
     * {@code tracking(t -> t.agentName("ci-bot").kind("mission:debugging"))}. Applied to a fresh tracker
     * builder each time {@link #build()} runs.
     */
    public Builder tracking(Consumer<TrajectoryTracker.Builder> tracking) {
      this.tracking = requireNonNull(tracking, "tracking");
      return this;
    }

    /** Builds the runner. */
    public ArtRunner build() {
      return new ArtRunner(this);
    }
  }
}
