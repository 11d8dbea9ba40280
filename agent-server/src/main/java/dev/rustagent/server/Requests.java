package dev.rustagent.server;

/** What the request fields become for the agent. */
final class Requests {
  private Requests() {}

  /** The task the agent gets: the prompt, after the client's context when there is one. */
  static String task(String prompt, String context) {
    if (context == null || context.isBlank()) {
      return prompt;
    }
    return "Context from the client:\n" + context.strip() + "\n\nTask:\n" + prompt;
  }
}
