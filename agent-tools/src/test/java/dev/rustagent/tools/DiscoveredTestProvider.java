package dev.rustagent.tools;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.Collection;
import java.util.List;

/** Listed in the test resources' META-INF/services so discover() has something to find. */
public class DiscoveredTestProvider implements ToolPlugin {
  @Override
  public String getName() {
    return "test";
  }

  @Override
  public Collection<Tool> tools() {
    return List.of(ToolRegistryTest.tool("discovered_echo", JsonObjectSchema.builder().build()));
  }
}
