package dev.rustagent.core.orchestrator;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tools a helper uses to talk to the rest of its network: {@code ask_agent} (a request answered by
 * another helper's model) and {@code share_knowledge} (a fact every helper sees from then on). They
 * touch neither the workspace nor the outside world, so they are READ actions.
 */
final class MessagingTools {
  private MessagingTools() {}

  static List<Tool> forHelper(AgentNetwork network, String helperId) {
    return List.of(new AskAgent(network, helperId), new ShareKnowledge(network, helperId));
  }

  private record AskAgent(AgentNetwork network, String from) implements Tool {
    public String name() {
      return "ask_agent";
    }

    public String description() {
      return "Asks another agent of your network a question and returns its answer. 'to' is a helper id"
          + " such as helper-2.";
    }

    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("to", "the id of the agent to ask")
          .addStringProperty("question", "the question").required("to", "question").build();
    }

    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    public ToolResult execute(ToolArguments arguments, ToolContext context) throws InterruptedException {
      String to = arguments.string("to");
      if (to.equals(from)) {
        return ToolResult.failure("you cannot ask yourself; ask another helper");
      }
      try {
        String reply = network.request(from, to, arguments.string("question"))
            .get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return ToolResult.success(reply);
      } catch (IllegalArgumentException e) {
        return ToolResult.failure(e.getMessage());
      } catch (ExecutionException e) {
        return ToolResult.failure("agent " + to + " could not answer: " + e.getCause().getMessage());
      } catch (TimeoutException e) {
        return ToolResult.failure("agent " + to + " did not answer in time");
      }
    }
  }

  private record ShareKnowledge(AgentNetwork network, String from) implements Tool {
    public String name() {
      return "share_knowledge";
    }

    public String description() {
      return "Shares a fact you learned with every other agent of your network.";
    }

    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("fact", "the fact, in one or two sentences")
          .required("fact").build();
    }

    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    public ToolResult execute(ToolArguments arguments, ToolContext context) {
      String fact = arguments.string("fact");
      if (fact.isBlank()) {
        return ToolResult.failure("the fact is empty");
      }
      network.shareKnowledge(from, fact);
      return ToolResult.success("shared with the network");
    }
  }
}
