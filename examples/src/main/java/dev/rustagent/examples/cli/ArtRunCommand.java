package dev.rustagent.examples.cli;

import dev.rustagent.core.internal.TerminalText;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.rustagent.art.ArtConfig;
import dev.rustagent.art.ArtRunner;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.judge.PerformanceJudge;
import dev.rustagent.art.judge.RulerJudge;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.core.Approver;
import dev.rustagent.core.RustExpert;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.llm.claude.LlmConfig;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rust-agent art run MISSION.yaml}: runs a mission, records, scores and learns from each run. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a mission: each run is recorded as a trajectory, scored, and its success pattern is "
        + "fed to later runs.")
final class ArtRunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Mixin
  ModelOptions model = new ModelOptions();

  @Parameters(index = "0", paramLabel = "MISSION", description = "The mission YAML file.")
  Path missionFile;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "1", description = "How many runs (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--workspace", paramLabel = "DIR", description = "The Rust workspace (default: the current directory).")
  Path workspace;

  @Option(names = "--approve", paramLabel = "MODE", defaultValue = "none",
      description = "all: approve every call; none: refuse what needs approval (default ${DEFAULT-VALUE});"
          + " missions run unattended, so ask is refused.")
  AgentOptions.Approval approve;

  @Option(names = "--no-patterns", description = "Do not feed success patterns of earlier runs into the context.")
  boolean noPatterns;

  @Option(names = "--judge", paramLabel = "composite|ruler|performance", defaultValue = "composite",
      description = "How runs are scored: composite (no LLM), ruler (the model ranks all runs of this call "
          + "against one another; needs --runs 2 or more) or performance (the model judges each run). "
          + "Default: ${DEFAULT-VALUE}.")
  String judge;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OptionRanges.within(spec, "--runs", runs, 1, 1000);
    if (approve == AgentOptions.Approval.ASK) {
      throw new ParameterException(spec.commandLine(), "--approve must be all or none: a mission runs unattended");
    }
    if (!judge.equals("composite") && !judge.equals("ruler") && !judge.equals("performance")) {
      throw new ParameterException(spec.commandLine(),
          "--judge must be composite, ruler or performance, not '" + judge + "'");
    }
    if (judge.equals("ruler") && runs < 2) {
      throw new ParameterException(spec.commandLine(), "--judge ruler ranks runs against one another: use --runs 2 or more");
    }
    if (model.demo && !judge.equals("composite")) {
      throw new ParameterException(spec.commandLine(), "the demo has no model to judge with; use --judge composite");
    }
    Mission mission;
    try {
      mission = Mission.load(missionFile);
    } catch (Mission.InvalidMissionException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_USAGE;
    }
    Path root = workspace != null ? workspace : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(root)) {
      throw new ParameterException(spec.commandLine(), "--workspace is not a directory: " + root);
    }
    AgentConfig config;
    LlmConfig llm;
    try {
      config = model.config();
      llm = model.llm();
    } catch (AgentConfigException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    dev.rustagent.art.ArtConfig artConfig = data.config(spec, model.configFile);
    if (!model.modelChosen() && mission.agentConfig().model() != null) {
      llm = llm.withModel(mission.agentConfig().model());
    }
    ChatModel chatModel;
    String modelName;
    if (model.demo) {
      chatModel = demoModel();
      modelName = "scripted-demo";
      out.println("[demo] scripted model (no LLM is called)");
    } else {
      java.util.Optional<dev.rustagent.art.train.ModelRegistry.RegisteredModel> registered;
      try (dev.rustagent.art.train.ModelRegistry registry = data.registry()) {
        registered = registry.resolve(llm.model(), artConfig.models().champion());
        String apiKey = llm.apiKey();
        chatModel = registered.map(m -> registry.chatModel(m.id(), apiKey)).orElse(null);
      } catch (dev.rustagent.art.ArtConfig.ArtException | IllegalArgumentException e) {
        err.println("error: " + TerminalText.safe(e.getMessage()));
        return RustAgentCli.EXIT_FAILED;
      }
      if (registered.isPresent()) {
        modelName = registered.get().id();
        out.println("[art] model '" + TerminalText.safe(llm.model()) + "' is the registered model "
            + TerminalText.safe(modelName) + " at " + TerminalText.safe(registered.get().location()));
      } else {
        try {
          ClaudeProxy proxy = ModelOptions.liveProxy(llm, err);
          chatModel = proxy.chatModel();
          modelName = proxy.model();
        } catch (ModelOptions.UnreachableException e) {
          err.println(TerminalText.safe(e.getMessage()));
          return RustAgentCli.EXIT_FAILED;
        }
      }
    }
    try (TrajectoryStore store = data.store(); AgentMemory memory = data.memory(spec)) {
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic()))
          .config(artConfig).build();
      int learned = patterns.learnFrom(store);
      Agent.Builder agent = ModelOptions.runTimeout(RustExpert.builder(), llm).chatModel(chatModel).config(config)
          .tools(tools(mission, err))
          .workspace(root);
      if (mission.agentConfig().maxIterations() != null) {
        agent.maxIterations(mission.agentConfig().maxIterations());
      }
      if (approve == AgentOptions.Approval.ALL) {
        agent.approver(Approver.approveAll());
      }
      ArtRunner.Builder runnerBuilder = ArtRunner.builder(agent.build(), store).patterns(patterns)
          .tracking(t -> t.agentName(mission.name()).modelName(modelName)
              .kind("mission:" + (mission.type() != null ? mission.type().strip() : mission.name().strip())))
          .config(ArtConfig.builder().usePatterns(!noPatterns).enableTracking(mission.enableArt()).build());
      if (judge.equals("ruler")) {
        runnerBuilder.rewardModel(RulerJudge.of(chatModel));
      } else if (judge.equals("performance")) {
        runnerBuilder.rewardModel(PerformanceJudge.builder(chatModel).build());
      }
      ArtRunner runner = runnerBuilder.build();
      out.printf("Mission %s: %d run(s); %d success pattern(s) known%n", TerminalText.safe(mission.name()), runs, learned);
      ProgressBar bar = ProgressBar.onStderr(err, "runs", runs);
      int successes = 0;
      List<ArtRunner.Outcome> outcomes = new ArrayList<>();
      if (judge.equals("ruler")) {
        bar.update(0, "(scored together at the end)");
        outcomes.addAll(runner.runGroup(mission.task(), runs));
        bar.update(runs, "");
        bar.finish();
      } else {
        for (int i = 1; i <= runs; i++) {
          bar.update(i - 1, "");
          outcomes.add(runner.run(mission.task()));
          bar.update(i, "");
        }
        bar.finish();
      }
      for (int i = 1; i <= outcomes.size(); i++) {
        ArtRunner.Outcome outcome = outcomes.get(i - 1);
        Trajectory t = outcome.trajectory();
        successes += t.success() ? 1 : 0;
        out.printf("run %d: %s, reward %s, %d steps, %d tokens (trajectory %s)%n", i, t.success() ? "success"
            : "no success (" + outcome.result().status() + ")", t.rewardValue().map(r -> String.format("%.3f", r))
            .orElse("unscored"), t.steps().size(), t.metadata().totalTokens(), t.id());
      }
      out.printf("%d of %d runs succeeded; %d trajectories stored; %d success pattern(s) now%n", successes, runs,
          store.count(), patterns.size());
    } catch (ArtData.NotInitialisedException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_USAGE;
    }
    out.flush();
    return RustAgentCli.EXIT_OK;
  }

  private static ToolRegistry tools(Mission mission, PrintWriter err) {
    ToolRegistry discovered = ToolRegistry.discover();
    if (mission.tools().isEmpty()) {
      return discovered;
    }
    ToolRegistry chosen = ToolRegistry.empty();
    for (Mission.ToolRef ref : mission.toolRefs()) {
      String name = ref.name();
      if (!ref.config().isEmpty()) {
        err.println("warning: the mission's config for tool '" + name + "' (" + String.join(", ", ref.config().keySet())
            + ") is not applied: the built-in tools take their settings from rust-agent.toml");
      }
      Optional<Tool> tool = discovered.find(name);
      if (tool.isPresent()) {
        chosen.register(tool.get());
      } else {
        err.println("warning: tool '" + TerminalText.safe(name) + "' of the mission is not available here; going on without it "
            + "(available: " + discovered.tools().stream().map(Tool::name).toList() + ")");
      }
    }
    return chosen;
  }

  /** The offline model: answers at once, and says which lessons from earlier runs it was given. */
  static ChatModel demoModel() {
    return ScriptedChatModel.builder().otherwise(request -> {
      String system = request.messages().stream().filter(SystemMessage.class::isInstance)
          .map(m -> ((SystemMessage) m).text()).findFirst().orElse("");
      long lessons = system.lines().filter(l -> l.startsWith("- For \"")).count();
      String text = "[demo] I would work through the objective step by step"
          + (lessons > 0 ? ", following " + lessons + " lesson(s) from earlier successful runs." : ".");
      return ChatResponse.builder().aiMessage(AiMessage.from(text))
          .tokenUsage(new TokenUsage(Math.max(1, system.length() / 4), 20)).finishReason(FinishReason.STOP).build();
    }).build();
  }
}
