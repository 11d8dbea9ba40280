package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.AgentSession.WorkingMemory;

class SessionTest {
  @TempDir
  Path workspace;

  @Test
  void aLaterTurnSeesTheEarlierTurns() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("first answer").thenText("second answer").build();
    AgentSession session = Agent.builder().chatModel(model).workspace(workspace).build().newSession();

    session.run("first question");
    session.run("second question");

    List<String> userTexts = model.lastRequest().messages().stream().filter(UserMessage.class::isInstance)
        .map(m -> ((UserMessage) m).singleText()).toList();
    assertThat(userTexts).containsExactly("first question", "second question");
    assertThat(ContextWindow.textOf(model.lastRequest().messages().get(2))).isEqualTo("first answer");
  }

  @Test
  void workingMemoryKeepsTheTaskFilesProblemsAndRefusedActions() throws Exception {
    Files.writeString(workspace.resolve("main.rs"), "fn main() {}");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenToolCall("read_file", "{\"path\":\"main.rs\"}")
        .thenToolCall("check", "{}")
        .thenToolCall("write_file", "{\"path\":\"main.rs\",\"content\":\"x\"}")
        .thenText("one error left")
        .thenText("next")
        .build();
    AgentSession session = Agent.builder().chatModel(model).workspace(workspace)
        .tools(ToolRegistry.of(TestTools.readFile(workspace), TestTools.writeFile(workspace),
            TestTools.checker(List.of(TestTools.error("E0382", "borrow of moved value", "main.rs", 3, 5)))))
        .build().newSession();

    session.run("fix main.rs");
    WorkingMemory memory = session.workingMemory();
    session.run("what next?");

    assertThat(memory.currentTask()).isEqualTo("fix main.rs");
    assertThat(memory.filesInFocus()).containsExactly("main.rs");
    assertThat(memory.activeErrors()).containsExactly("error[E0382]: borrow of moved value at main.rs:3:5");
    assertThat(memory.pendingActions()).singleElement().satisfies(a -> assertThat(a).startsWith("write_file"));
    assertThat(ContextWindow.textOf(model.lastRequest().messages().get(0)))
        .contains("Working memory").contains("error[E0382]").contains("main.rs");
  }

  @Test
  void historyIsBoundedAndStartsAtAUserTurn() {
    ScriptedChatModel model = ScriptedChatModel.builder().otherwise(r -> dev.langchain4j.model.chat.response.ChatResponse
        .builder().aiMessage(dev.langchain4j.data.message.AiMessage.from("ok")).build()).build();
    AgentSession session = Agent.builder().chatModel(model).workspace(workspace).maxSessionMessages(4).build().newSession();

    for (int i = 0; i < 5; i++) {
      session.run("turn " + i);
    }

    assertThat(session.history()).hasSizeLessThanOrEqualTo(4);
    assertThat(session.history().get(0)).isInstanceOf(UserMessage.class);
    assertThat(((UserMessage) session.history().get(session.history().size() - 2)).singleText()).isEqualTo("turn 4");
  }

  @Test
  void clearForgetsEverything() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("a").thenText("b").build();
    AgentSession session = Agent.builder().chatModel(model).workspace(workspace).build().newSession();
    session.run("remember me");

    session.clear();
    session.run("who?");

    assertThat(session.workingMemory().currentTask()).isEqualTo("who?");
    assertThat(model.lastRequest().messages()).filteredOn(UserMessage.class::isInstance).hasSize(1);
  }

  @Test
  void fileContentAndErrorLogsFollowTheirSwitches() throws Exception {
    Files.writeString(workspace.resolve("lib.rs"), "pub fn answer() -> u32 { 42 }");
    java.nio.file.Path outside = Files.createTempFile("secret", ".rs");
    Files.writeString(outside, "SECRET");
    ScriptedChatModel.Builder script = ScriptedChatModel.builder();
    ScriptedChatModel model = script
        .thenToolCalls(script.call("read_file", "{\"path\":\"lib.rs\"}"),
            script.call("read_file", "{\"path\":\"../" + outside.getFileName() + "\"}"))
        .thenToolCall("check", "{}")
        .thenText("read")
        .thenText("again")
        .build();
    Agent.Builder builder = Agent.builder().chatModel(model).workspace(workspace)
        .tools(ToolRegistry.of(TestTools.readFile(workspace), TestTools.checker(List.of(TestTools.error("E0308", "mismatched types", null, 0, 0)))));

    AgentSession session = builder.includeFileContent(true).includeErrorLogs(false).build().newSession();
    session.run("look at lib.rs");
    session.run("and now?");

    String system = ContextWindow.textOf(model.lastRequest().messages().get(0));
    assertThat(system).contains("Current content of the files in focus").contains("pub fn answer() -> u32 { 42 }")
        .doesNotContain("SECRET").doesNotContain("E0308");
    Files.delete(outside);
  }

  @Test
  void configSetsTheContextSwitches() {
    ScriptedChatModel model = ScriptedChatModel.builder().thenText("a").build();
    AgentConfig config = AgentConfig.defaults().withContext(new AgentConfig.Context(10, 50_000, false, false));

    Agent agent = Agent.builder().chatModel(model).workspace(workspace).config(config).build();

    assertThat(agent.includeFileContent).isFalse();
    assertThat(agent.includeErrorLogs).isFalse();
    assertThat(agent.contextBudgetTokens).isEqualTo(50_000);
    assertThat(agent.maxSessionMessages).isEqualTo(10);
  }
}
