package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.spi.internal.Durations;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The orchestrator's settings. Immutable; build with {@link #builder()}, every setter checks its
 * argument at once.
 */
public final class OrchestratorConfig {
  private final int maxConcurrentAgents;
  private final Duration queryTimeout;
  private final Duration cacheTtl;
  private final boolean autoFixErrors;
  private final Set<Action> actionsNeedingPermission;
  private final boolean learningMode;
  private final boolean allowAgentSpawning;
  private final int maxSpawnedAgents;
  private final Duration saveDebounce;
  private final int queueCapacity;

  private OrchestratorConfig(Builder b) {
    this.maxConcurrentAgents = b.maxConcurrentAgents;
    this.queryTimeout = b.queryTimeout;
    this.cacheTtl = b.cacheTtl;
    this.autoFixErrors = b.autoFixErrors;
    this.actionsNeedingPermission = Set.copyOf(b.actionsNeedingPermission);
    this.learningMode = b.learningMode;
    this.allowAgentSpawning = b.allowAgentSpawning;
    this.maxSpawnedAgents = b.maxSpawnedAgents;
    this.saveDebounce = b.saveDebounce;
    this.queueCapacity = b.queueCapacity;
  }

  /** The defaults. */
  public static OrchestratorConfig defaults() {
    return builder().build();
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many agents (helpers included) may run at once; default 4. */
  public int maxConcurrentAgents() {
    return maxConcurrentAgents;
  }

  /** How long a query or a helper may take; default 2 minutes. */
  public Duration queryTimeout() {
    return queryTimeout;
  }

  /** How long explanations (/explain, learn, knowledge gaps) stay cached; default 1 hour. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /** Whether a compile error trigger starts the debugging workflow with auto-fix; default false. */
  public boolean autoFixErrors() {
    return autoFixErrors;
  }

  /** The actions the gate asks about; default all but READ. */
  public Set<Action> actionsNeedingPermission() {
    return actionsNeedingPermission;
  }

  /** Whether explanations are recorded as concepts learned; default true. */
  public boolean learningMode() {
    return learningMode;
  }

  /** Whether helper agents may be spawned; default true. */
  public boolean allowAgentSpawning() {
    return allowAgentSpawning;
  }

  /** How many helpers may be queued or running at once; default 8. */
  public int maxSpawnedAgents() {
    return maxSpawnedAgents;
  }

  /** How long file saves are gathered before one run starts; default 500 ms. */
  public Duration saveDebounce() {
    return saveDebounce;
  }

  /** How many messages may wait in the orchestrator's queue; default 64. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * The permission policy these settings describe: READ allowed, the actions needing permission
   * asked, the other actions allowed.
   */
  public PermissionPolicy permissionPolicy() {
    PermissionPolicy.Builder policy = PermissionPolicy.builder();
    for (Action action : Action.values()) {
      if (actionsNeedingPermission.contains(action)) {
        policy.ask(action);
      } else {
        policy.allow(action);
      }
    }
    return policy.build();
  }

  @Override
  public String toString() {
    return "OrchestratorConfig{maxConcurrentAgents=" + maxConcurrentAgents + ", queryTimeout=" + queryTimeout
        + ", cacheTtl=" + cacheTtl + ", autoFixErrors=" + autoFixErrors + ", actionsNeedingPermission="
        + actionsNeedingPermission + ", learningMode=" + learningMode
        + ", allowAgentSpawning=" + allowAgentSpawning + ", maxSpawnedAgents=" + maxSpawnedAgents
        + ", saveDebounce=" + saveDebounce + ", queueCapacity=" + queueCapacity + "}";
  }

  /** Builds an {@link OrchestratorConfig}. */
  public static final class Builder {
    private int maxConcurrentAgents = 4;
    private Duration queryTimeout = Duration.ofMinutes(2);
    private Duration cacheTtl = Duration.ofHours(1);
    private boolean autoFixErrors;
    private Set<Action> actionsNeedingPermission =
        EnumSet.of(Action.MODIFY_CODE, Action.RUN_COMMAND, Action.GIT_WRITE, Action.NETWORK);
    private boolean learningMode = true;
    private boolean allowAgentSpawning = true;
    private int maxSpawnedAgents = 8;
    private Duration saveDebounce = Duration.ofMillis(500);
    private int queueCapacity = 64;

    private Builder() {}

    /** 1 to 256. */
    public Builder maxConcurrentAgents(int n) {
      this.maxConcurrentAgents = range(n, 1, 256, "max concurrent agents");
      return this;
    }

    /** Positive. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = Durations.positive(timeout, "queryTimeout");
      return this;
    }

    /** Positive. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Durations.positive(ttl, "cacheTtl");
      return this;
    }

    /** Whether compile errors are fixed with auto-fix. */
    public Builder autoFixErrors(boolean autoFix) {
      this.autoFixErrors = autoFix;
      return this;
    }

    /** The actions to ask about; READ may not be among them. */
    public Builder actionsNeedingPermission(Set<Action> actions) {
      requireNonNull(actions, "actions");
      if (actions.contains(Action.READ)) {
        throw new IllegalArgumentException("READ is always allowed; leave it out of the actions needing permission");
      }
      this.actionsNeedingPermission = actions.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(actions);
      return this;
    }

    /** Whether explanations are recorded as concepts learned. */
    public Builder learningMode(boolean learningMode) {
      this.learningMode = learningMode;
      return this;
    }

    /** Whether helpers may be spawned. */
    public Builder allowAgentSpawning(boolean allow) {
      this.allowAgentSpawning = allow;
      return this;
    }

    /** 0 to 10,000. */
    public Builder maxSpawnedAgents(int n) {
      this.maxSpawnedAgents = range(n, 0, 10_000, "max spawned agents");
      return this;
    }

    /** Zero or positive. */
    public Builder saveDebounce(Duration debounce) {
      requireNonNull(debounce, "debounce");
      if (debounce.isNegative()) {
        throw new IllegalArgumentException("save debounce must not be negative: " + debounce);
      }
      this.saveDebounce = debounce;
      return this;
    }

    /** 1 to 100,000. */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = range(capacity, 1, 100_000, "queue capacity");
      return this;
    }

    /** Builds the immutable config. */
    public OrchestratorConfig build() {
      return new OrchestratorConfig(this);
    }

    private static int range(int value, int min, int max, String name) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
      }
      return value;
    }
  }
}
