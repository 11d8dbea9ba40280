package dev.rustagent.examples.cli;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An ART mission file:
 *
 * <pre>
 * name: fix-borrow-error
 * type: debugging
 * objective: Fix the borrow-check error in src/main.rs
 * agent_config:
 *   max_iterations: 10
 *   model: claude-sonnet-4-6
 *   enable_art: true
 * tools:
 *   - read_file
 *   - name: cargo
 *     config: {}
 * success_criteria:
 *   - cargo check passes
 * </pre>
 *
 * {@code name} and {@code objective} are required; the rest is optional. A tool is a name or, as in
 * the seed's missions, an object with {@code name} and {@code config}; {@code type} is recorded as the
 * trajectories' kind ({@code mission:TYPE}); {@code enable_art: false} runs without recording. Unknown
 * fields and values of the wrong type are errors naming the field.
 */
record Mission(String name, String type, String objective, AgentConfig agentConfig, List<ToolRef> toolRefs,
    List<String> successCriteria) {

  private static final YAMLMapper YAML = (YAMLMapper) new YAMLMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  @JsonCreator
  Mission(@JsonProperty("name") String name, @JsonProperty("type") String type,
      @JsonProperty("objective") String objective, @JsonProperty("agent_config") AgentConfig agentConfig,
      @JsonProperty("tools") List<ToolRef> toolRefs, @JsonProperty("success_criteria") List<String> successCriteria) {
    this.name = name;
    this.type = type;
    this.objective = objective;
    this.agentConfig = agentConfig == null ? new AgentConfig(null, null, null) : agentConfig;
    this.toolRefs = toolRefs == null ? List.of() : toolRefs.stream().map(t -> t == null ? new ToolRef(null, null) : t)
        .toList();
    this.successCriteria = successCriteria == null ? List.of() : List.copyOf(successCriteria);
  }

  /**
   * The agent settings of a mission.
   *
   * @param maxIterations most model turns (1..1000), or null for the default
   * @param model the model name, or null for the CLI's choice
   * @param enableArt false to run without recording trajectories; null or true records them
   */
  record AgentConfig(Integer maxIterations, String model, Boolean enableArt) {
    @JsonCreator
    AgentConfig(@JsonProperty("max_iterations") Integer maxIterations, @JsonProperty("model") String model,
        @JsonProperty("enable_art") Boolean enableArt) {
      this.maxIterations = maxIterations;
      this.model = model;
      this.enableArt = enableArt;
    }
  }

  /**
   * A tool the mission uses: written as its name, or as {@code {name, config}}.
   *
   * @param name the tool's name
   * @param config the tool's settings from the mission (the built-in tools take theirs from
   *     {@code rust-agent.toml}; a non-empty one is reported as not applied)
   */
  record ToolRef(String name, java.util.Map<String, Object> config) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ToolRef of(String name) {
      return new ToolRef(name, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    ToolRef(@JsonProperty("name") String name, @JsonProperty("config") java.util.Map<String, Object> config) {
      this.name = name;
      this.config = config == null ? java.util.Map.of() : java.util.Map.copyOf(config);
    }
  }

  /** The tools' names, in order. */
  List<String> tools() {
    return toolRefs.stream().map(ToolRef::name).toList();
  }

  /** Whether the mission's runs are recorded ({@code agent_config.enable_art}, default true). */
  boolean enableArt() {
    return agentConfig.enableArt() == null || agentConfig.enableArt();
  }

  /** The task given to the agent: the objective and the success criteria. */
  String task() {
    if (successCriteria.isEmpty()) {
      return objective.strip();
    }
    return objective.strip() + "\n\nSuccess criteria:\n"
        + successCriteria.stream().map(c -> "- " + c.strip()).collect(Collectors.joining("\n"));
  }

  /**
   * Reads and checks a mission file.
   *
   * @throws InvalidMissionException naming the file and the field that is wrong
   */
  static Mission load(Path file) throws InvalidMissionException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidMissionException(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidMissionException(file + ": cannot read it (" + e.getMessage() + ")");
    }
    if (text.isBlank()) {
      throw new InvalidMissionException(file + ": the file is empty");
    }
    Mission mission;
    try {
      mission = YAML.readValue(text, Mission.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidMissionException(file + ": unknown field '" + path(e) + "' (known fields: name, type, objective, "
          + "agent_config.max_iterations, agent_config.model, agent_config.enable_art, tools (names or {name, config}), "
          + "success_criteria)");
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw new InvalidMissionException(file + ": " + (field.isEmpty() ? "the mission must be a YAML mapping"
          : "field '" + field + "' has the wrong type (" + expected(field) + ")"));
    } catch (JsonProcessingException e) {
      throw new InvalidMissionException(file + ": not valid YAML (" + e.getOriginalMessage() + ")");
    }
    if (mission == null) {
      throw new InvalidMissionException(file + ": the file is empty");
    }
    mission.check(file);
    return mission;
  }

  private void check(Path file) throws InvalidMissionException {
    if (name == null || name.isBlank()) {
      throw new InvalidMissionException(file + ": missing required field 'name'");
    }
    if (objective == null || objective.isBlank()) {
      throw new InvalidMissionException(file + ": missing required field 'objective'");
    }
    Integer max = agentConfig.maxIterations();
    if (max != null && (max < 1 || max > 1000)) {
      throw new InvalidMissionException(file + ": field 'agent_config.max_iterations' must be between 1 and 1000, "
          + "not " + max);
    }
    if (type != null && type.isBlank()) {
      throw new InvalidMissionException(file + ": field 'type' must not be empty");
    }
    for (ToolRef tool : toolRefs) {
      if (tool.name() == null || tool.name().isBlank()) {
        throw new InvalidMissionException(file + ": field 'tools' contains an entry without a name");
      }
    }
    for (String criterion : successCriteria) {
      if (criterion == null || criterion.isBlank()) {
        throw new InvalidMissionException(file + ": field 'success_criteria' contains an empty entry");
      }
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String expected(String field) {
    if (field.equals("agent_config")) {
      return "expected a mapping with max_iterations, model and enable_art";
    }
    if (field.startsWith("agent_config.max_iterations")) {
      return "expected a whole number";
    }
    if (field.startsWith("agent_config.enable_art")) {
      return "expected true or false";
    }
    if (field.startsWith("tools")) {
      return "expected a list of tool names or {name, config} mappings";
    }
    if (field.startsWith("success_criteria")) {
      return "expected a list of texts";
    }
    return "expected a text";
  }

  /** A mission file that cannot be used. */
  static final class InvalidMissionException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidMissionException(String message) {
      super(message);
    }
  }
}
