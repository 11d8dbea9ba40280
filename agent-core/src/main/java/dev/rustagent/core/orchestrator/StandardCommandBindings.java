package dev.rustagent.core.orchestrator;

import dev.rustagent.core.Agent;
import dev.rustagent.core.ToolCallResult;
import dev.rustagent.core.command.SlashCommands.CommandOutcome;
import dev.rustagent.core.command.SlashCommands.SlashCommand;
import dev.rustagent.core.command.SlashCommands;
import dev.rustagent.core.command.internal.StandardCommands;
import dev.rustagent.core.workflow.CodeGenerationWorkflow;
import dev.rustagent.core.workflow.DebuggingWorkflow;
import dev.rustagent.core.workflow.LearningWorkflow;
import dev.rustagent.core.workflow.RefactoringWorkflow;
import dev.rustagent.core.workflow.Workflow;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.tools.ToolContext.CancellationToken;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.rustagent.core.orchestrator.HelperHandle.HelperSpec;
import dev.rustagent.core.orchestrator.HelperHandle.HelperResult;
import dev.rustagent.core.orchestrator.HelperHandle.HelperStatus;

/**
 * Binds the {@linkplain StandardCommands standard slash commands} to the workflows they start; the
 * prompts live beside the workflows ({@link CodeGenerationWorkflow#documentation},
 * {@link CodeGenerationWorkflow#tests}).
 */
final class StandardCommandBindings {
  private final Orchestrator orchestrator;
  private final Agent agent;

  private StandardCommandBindings(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
    this.agent = orchestrator.agent();
  }

  static SlashCommands.Builder of(Orchestrator orchestrator) {
    StandardCommandBindings s = new StandardCommandBindings(orchestrator);
    Agent agent = s.agent;
    SlashCommands.Builder b = SlashCommands.builder();
    b.command(StandardCommands.AGENT, s::spawn);
    b.command(StandardCommands.GENERATE, c -> {
      CodeGenerationWorkflow.Builder w = CodeGenerationWorkflow.builder().agent(agent).spec(c.joinedArguments())
          .tests(c.has("tests")).docs(c.has("docs"));
      c.option("out").ifPresent(w::outputFile);
      return s.completed(w.build());
    });
    b.command(StandardCommands.REFACTOR, c -> s.completed(RefactoringWorkflow.of(agent, c.arguments().get(0),
        String.join(" ", c.arguments().subList(1, c.arguments().size())), 3)));
    b.command(StandardCommands.DOCUMENT, c -> s.completed(
        CodeGenerationWorkflow.documentation(agent, c.arguments().get(0), c.arguments().get(1))));
    b.command(StandardCommands.TEST, c -> s.completed(
        CodeGenerationWorkflow.tests(agent, c.arguments().get(0), c.argument(1).orElse(null))));
    b.command(StandardCommands.DEBUG, c -> s.completed(DebuggingWorkflow.builder().agent(agent)
        .autoFix(c.has("auto-fix") || orchestrator.config().autoFixErrors()).trace(c.has("trace")).build()));
    b.command(StandardCommands.EXPLAIN, c -> describe(orchestrator.explain(c.joinedArguments(),
        LearningWorkflow.Level.parse(c.option("level").orElse("intermediate")))));
    b.command(StandardCommands.GIT, s::git);
    return b;
  }

  private CommandOutcome git(SlashCommand c) {
    ToolCallResult call = agent.callTool("git", Map.of("args", c.arguments()), CancellationToken.create());
    return call.result().isError() ? new CommandOutcome.Failed(call.result().text(), null)
        : new CommandOutcome.Completed(call.result().text(), call.result());
  }

  private CommandOutcome completed(Workflow workflow) {
    return describe(orchestrator.runWorkflow(workflow));
  }

  private static CommandOutcome describe(WorkflowResult result) {
    String text = result.summary();
    if (!result.problems().isEmpty()) {
      text += "\n" + result.problems().stream()
          .map(p -> (p.fixed() ? "  fixed: " : "  open:  ") + p.description()
              + p.resolutionText().map(r -> " -> " + r).orElse(""))
          .collect(Collectors.joining("\n"));
    }
    return new CommandOutcome.Completed(text, result);
  }

  private CommandOutcome spawn(SlashCommand c) throws Exception {
    OrchestratorConfig config = orchestrator.config();
    if (!config.allowAgentSpawning()) {
      return new CommandOutcome.Failed("spawning helper agents is turned off (allowAgentSpawning=false)", null);
    }
    Set<String> tools = c.option("tools").map(t -> Set.copyOf(Arrays.stream(t.split(","))
        .map(String::strip).filter(x -> !x.isEmpty()).toList())).orElse(Set.of());
    HelperHandle helper;
    try {
      helper = orchestrator.network().spawn(
          new HelperSpec(c.joinedArguments(), c.option("context").orElse(""), tools, Set.of()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return new CommandOutcome.Failed(e.getMessage(), e);
    }
    HelperResult result = helper.result().get(config.queryTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    return result.status() == HelperStatus.COMPLETED
        ? new CommandOutcome.Completed(result.answer(), result)
        : new CommandOutcome.Failed(helper.id() + " " + result.status().name().toLowerCase(Locale.ROOT)
            + ": " + result.reason(), null);
  }
}
