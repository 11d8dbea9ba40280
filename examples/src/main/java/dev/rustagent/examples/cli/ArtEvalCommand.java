package dev.rustagent.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.judge.RewardModel.JudgeException;
import dev.rustagent.art.judge.PerformanceJudge;
import dev.rustagent.art.train.ModelEvaluation;
import dev.rustagent.art.train.ModelEvaluation.ModelPerformanceMetrics;
import dev.rustagent.art.train.ModelRegistry;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;
import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.core.RustExpert;
import dev.rustagent.core.internal.TerminalText;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.llm.claude.LlmConfig;
import java.io.PrintWriter;
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

/**
 * {@code rust-agent art eval --candidate ID MISSION...}: runs held-out missions with the base model,
 * the candidate and the current champion, and reports each one's {@link ModelPerformanceMetrics}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Run held-out missions with the base model (the configured LLM), a registered candidate and the"
        + " current champion; report accuracy, efficiency, reasoning quality, task completion rate and tokens per"
        + " second, judged by the base model. --promote makes the candidate champion when it beats the others.")
final class ArtEvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Mixin
  ModelOptions model = new ModelOptions();

  @Option(names = "--candidate", required = true, paramLabel = "ID", description = "The registered model to evaluate.")
  String candidate;

  @Option(names = "--promote", description = "Make the candidate the champion when it beats the base model and the champion.")
  boolean promote;

  @Parameters(arity = "1..*", paramLabel = "MISSION", description = "Held-out mission files (YAML).")
  List<Path> missionFiles;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (model.demo) {
      throw new ParameterException(spec.commandLine(), "the demo has no model to evaluate; give --llm-url");
    }
    List<ModelEvaluation.Mission> missions = new ArrayList<>();
    for (Path file : missionFiles) {
      try {
        missions.add(ModelEvaluation.Mission.of(Mission.load(file).task()));
      } catch (Mission.InvalidMissionException e) {
        err.println("error: " + TerminalText.safe(e.getMessage()));
        return RustAgentCli.EXIT_USAGE;
      }
    }
    AgentConfig config;
    LlmConfig llm;
    try {
      config = model.config();
      llm = model.llm();
    } catch (AgentConfigException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    data.config(spec, model.configFile);
    ClaudeProxy proxy;
    try {
      proxy = ModelOptions.liveProxy(llm, err);
    } catch (ModelOptions.UnreachableException e) {
      err.println(TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
    PerformanceJudge judge = PerformanceJudge.builder(proxy.chatModel()).build();
    try (ModelRegistry registry = data.registry()) {
      ChatModel candidateModel = registry.chatModel(candidate, llm.apiKey());
      Optional<RegisteredModel> champion = registry.champion().filter(c -> !c.id().equals(candidate));
      List<ModelPerformanceMetrics> rivals = new ArrayList<>();
      rivals.add(evaluate(proxy.model() + " (base)", proxy.chatModel(), config, missions, judge, out));
      if (champion.isPresent()) {
        rivals.add(evaluate(champion.get().id(), registry.chatModel(champion.get().id(), llm.apiKey()),
            config, missions, judge, out));
      }
      ModelPerformanceMetrics result = evaluate(candidate, candidateModel, config, missions, judge, out);
      if (promote) {
        boolean promoted = ModelEvaluation.promoteIfBetter(registry, result, rivals);
        out.println(promoted ? candidate + " is the new champion"
            : candidate + " is not promoted: it does not beat " + rivals.stream().map(ModelPerformanceMetrics::modelId)
                .map(TerminalText::safe).toList());
      }
      out.flush();
      return RustAgentCli.EXIT_OK;
    } catch (IllegalArgumentException | ArtException e) {
      err.println("error: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    } catch (JudgeException e) {
      err.println("error: the judge failed, no metrics were made up: " + TerminalText.safe(e.getMessage()));
      return RustAgentCli.EXIT_FAILED;
    }
  }

  private static ModelPerformanceMetrics evaluate(String name, ChatModel chat, AgentConfig config,
      List<ModelEvaluation.Mission> missions, PerformanceJudge judge, PrintWriter out) {
    ModelPerformanceMetrics m = ModelEvaluation.evaluate(name, RustExpert.builder().chatModel(chat).config(config)
        .build(), missions, judge);
    out.printf("%s: accuracy %.2f, efficiency %.2f, reasoning quality %.2f, task completion rate %.2f,"
        + " %.1f tokens/s (%d run(s), score %.3f)%n", TerminalText.safe(name), m.accuracy(), m.efficiency(),
        m.reasoningQuality(), m.taskCompletionRate(), m.tokensPerSecond(), m.runs(), m.score());
    out.flush();
    return m;
  }
}
