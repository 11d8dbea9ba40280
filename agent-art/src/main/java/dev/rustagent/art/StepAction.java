package dev.rustagent.art;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.text.Secrets;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the agent did in one {@link TrajectoryStep}: use a tool, answer, ask the user, or think. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StepAction.UseTool.class, name = "use_tool"),
    @JsonSubTypes.Type(value = StepAction.Answer.class, name = "answer"),
    @JsonSubTypes.Type(value = StepAction.Ask.class, name = "ask"),
    @JsonSubTypes.Type(value = StepAction.Think.class, name = "think")
})
public sealed interface StepAction {

  /** A short human-readable form, used in patterns and logs. */
  String describe();

  /** A tool call with its JSON arguments. */
  record UseTool(String tool, String input) implements StepAction {
    public UseTool {
      requireNonNull(tool, "tool");
      input = Secrets.redact(requireNonNull(input, "input"));
    }

    @Override
    public String describe() {
      return tool + " " + input;
    }
  }

  /** The final answer. */
  record Answer(String text) implements StepAction {
    public Answer {
      text = Secrets.redact(requireNonNull(text, "text"));
    }

    @Override
    public String describe() {
      return "answer";
    }
  }

  /** A question back to the user (a final text that asks instead of answering). */
  record Ask(String question) implements StepAction {
    public Ask {
      question = Secrets.redact(requireNonNull(question, "question"));
    }

    @Override
    public String describe() {
      return "ask: " + question;
    }
  }

  /** Reasoning without acting. */
  record Think(String text) implements StepAction {
    public Think {
      text = Secrets.redact(requireNonNull(text, "text"));
    }

    @Override
    public String describe() {
      return "think";
    }
  }
}
