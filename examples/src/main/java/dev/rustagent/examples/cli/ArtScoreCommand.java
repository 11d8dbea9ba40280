package dev.rustagent.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.art.TrajectoryScorer;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.judge.CompositeRewardModel;
import dev.rustagent.art.judge.PerformanceJudge;
import dev.rustagent.art.judge.RewardModel;
import dev.rustagent.art.judge.RulerJudge;
import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.memory.AgentMemory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rust-agent art score}: judges the recorded runs that have no reward yet. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score recorded runs that have no reward yet: comparable runs (the same kind of run on the same "
        + "compiler error, else close objectives) are ranked together by RULER, a lone run by the performance "
        + "judge. A judge that fails leaves runs unscored for a later try.")
final class ArtScoreCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ArtData data = new ArtData();

  @Mixin
  ModelOptions model = new ModelOptions();

  @Option(names = "--judge", paramLabel = "llm|composite", defaultValue = "llm",
      description = "llm: RULER for groups and the performance judge for lone runs, through the model; "
          + "composite: the offline composite reward (success, efficiency, quality, novelty). Default ${DEFAULT-VALUE}.")
  String judge;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "200",
      description = "Score at most N of the newest unscored runs (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--group-similarity", paramLabel = "X",
      description = "How close two objectives must be (0..1) for their runs to be ranked together: the cosine of their"
          + " embeddings (default 0.8), or with --no-embeddings / RUST_AGENT_MEMORY_EMBEDDINGS=false the share of"
          + " keywords they share (default 0.6). 1: identical objectives only.")
  Double groupSimilarity;

  @Option(names = "--no-embeddings", description = "Compare objectives by their keywords, not their embeddings.")
  boolean noEmbeddings;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (limit < 1 || limit > 100_000) {
      throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 100000");
    }
    if (groupSimilarity != null && !(groupSimilarity >= 0 && groupSimilarity <= 1)) {
      throw new ParameterException(spec.commandLine(), "--group-similarity must be within 0..1, not " + groupSimilarity);
    }
    if (!judge.equals("llm") && !judge.equals("composite")) {
      throw new ParameterException(spec.commandLine(), "--judge must be llm or composite, not '" + judge + "'");
    }
    if (model.demo && judge.equals("llm")) {
      throw new ParameterException(spec.commandLine(), "the demo has no model to judge with; use --judge composite");
    }
    RewardModel group;
    RewardModel single;
    if (judge.equals("composite")) {
      group = CompositeRewardModel.builder().build();
      single = group;
    } else {
      ChatModel chat;
      try {
        chat = ModelOptions.liveProxy(model.llm(), err).chatModel();
      } catch (AgentConfigException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      } catch (ModelOptions.UnreachableException e) {
        err.println(e.getMessage());
        return RustAgentCli.EXIT_FAILED;
      }
      group = RulerJudge.of(chat);
      single = PerformanceJudge.builder(chat).build();
    }
    try (TrajectoryStore store = data.store(); AgentMemory memory = data.memory(spec)) {
      SuccessPatternDatabase patterns = SuccessPatternDatabase.builder(PatternIndex.semantic(memory.semantic())).build();
      boolean keywords = MemoryOpener.keywordOnly(noEmbeddings, System.getenv());
      TrajectoryScorer.Report report = new TrajectoryScorer(store, group, single, patterns)
          .groupingObjectives(keywords ? null : new dev.langchain4j.model.embedding.onnx.allminilml6v2q
              .AllMiniLmL6V2QuantizedEmbeddingModel(), groupSimilarity != null ? groupSimilarity : keywords ? 0.6 : 0.8)
          .scoreUnscored(limit);
      out.printf("scored %d run(s) (%d group(s) ranked together); %d left unscored%n", report.scored(),
          report.groups(), report.leftUnscored());
      report.problems().forEach(p -> err.println("warning: " + p));
      out.flush();
      return report.leftUnscored() == 0 ? RustAgentCli.EXIT_OK : RustAgentCli.EXIT_FAILED;
    } catch (ArtData.NotInitialisedException e) {
      err.println("error: " + e.getMessage());
      return RustAgentCli.EXIT_USAGE;
    }
  }
}
