package dev.rustagent.tools;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.rustagent.tools.spi.internal.ArgumentValidator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.tools.ToolArguments.ToolArgumentException;

/**
 * The tools an agent may offer the model. Tools come from {@link ToolPlugin}s found with
 * {@link ServiceLoader} ({@link #discover()}) and from explicit {@link #register} calls; two tools
 * with the same name are an error. The registry describes the available tools to the model as
 * LangChain4j {@link ToolSpecification}s and validates the model's arguments before a call runs.
 * Thread-safe.
 */
public final class ToolRegistry {
  private static final Logger log = LoggerFactory.getLogger(ToolRegistry.class);
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  private final Map<String, Tool> tools = new LinkedHashMap<>();

  private ToolRegistry() {}

  /** An empty registry. */
  public static ToolRegistry empty() {
    return new ToolRegistry();
  }

  /** A registry holding the given tools. */
  public static ToolRegistry of(Tool... tools) {
    ToolRegistry registry = new ToolRegistry();
    for (Tool tool : tools) {
      registry.register(tool);
    }
    return registry;
  }

  /** A registry holding the tools of every provider visible to the context class loader. */
  public static ToolRegistry discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return discover(loader != null ? loader : ToolRegistry.class.getClassLoader());
  }

  /**
   * A registry holding the tools of every provider visible to {@code loader}.
   *
   * @throws IllegalStateException when a provider cannot be loaded or two tools share a name
   */
  public static ToolRegistry discover(ClassLoader loader) {
    requireNonNull(loader, "loader");
    ToolRegistry registry = new ToolRegistry();
    ServiceLoader<ToolPlugin> providers = ServiceLoader.load(ToolPlugin.class, loader);
    try {
      for (ToolPlugin provider : providers) {
        Collection<Tool> provided = provider.tools();
        log.debug("tool provider '{}' offers {} tools", provider.getName(), provided.size());
        for (Tool tool : provided) {
          try {
            registry.register(tool);
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                "tool provider '" + provider.getName() + "': " + e.getMessage(), e);
          }
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load a tool provider: " + e.getMessage(), e);
    }
    return registry;
  }

  /**
   * Adds a tool.
   *
   * @throws IllegalArgumentException when the name is not valid or already taken
   */
  public ToolRegistry register(Tool tool) {
    requireNonNull(tool, "tool");
    String name = requireNonNull(tool.name(), "tool name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name '" + name + "' must be 1 to 64 characters of [a-zA-Z0-9_-]");
    }
    requireNonNull(tool.description(), "description of tool " + name);
    requireNonNull(tool.parameters(), "parameters of tool " + name);
    synchronized (tools) {
      Tool existing = tools.get(name);
      if (existing != null) {
        throw new IllegalArgumentException("a tool named '" + name + "' is already registered ("
            + existing.getClass().getName() + "); cannot also register " + tool.getClass().getName());
      }
      tools.put(name, tool);
    }
    return this;
  }

  /** Adds every tool of the provider. */
  public ToolRegistry register(ToolPlugin provider) {
    requireNonNull(provider, "provider");
    provider.tools().forEach(this::register);
    return this;
  }

  /** The tool with that name, if registered. */
  public Optional<Tool> find(String name) {
    synchronized (tools) {
      return Optional.ofNullable(tools.get(name));
    }
  }

  /** Every registered tool in registration order, available or not. */
  public List<Tool> tools() {
    synchronized (tools) {
      return List.copyOf(tools.values());
    }
  }

  /** The registered tools that can run on this machine, in registration order. */
  public List<Tool> availableTools() {
    List<Tool> available = new ArrayList<>();
    for (Tool tool : tools()) {
      Optional<String> reason = tool.unavailableReason();
      if (reason.isPresent()) {
        log.debug("tool '{}' left out: {}", tool.name(), reason.get());
      } else {
        available.add(tool);
      }
    }
    return available;
  }

  /** The specifications of the available tools, for the model. */
  public List<ToolSpecification> specifications() {
    return availableTools().stream().map(ToolRegistry::specification).toList();
  }

  /** The LangChain4j specification of one tool. */
  public static ToolSpecification specification(Tool tool) {
    return ToolSpecification.builder()
        .name(tool.name())
        .description(tool.description())
        .parameters(tool.parameters())
        .build();
  }

  /**
   * Parses the model's argument text for the named tool and checks it against the tool's schema.
   *
   * @throws ToolArgumentException naming the tool and every problem, when the tool is unknown or the
   *     arguments are not JSON or do not fit the schema
   */
  public ToolArguments parseArguments(String toolName, String argumentsJson) {
    Tool tool = find(toolName).orElseThrow(() -> new ToolArgumentException(
        "unknown tool '" + toolName + "'; available tools: " + names()));
    return validate(tool, argumentsJson);
  }

  /** Parses and validates arguments for a known tool. */
  public static ToolArguments validate(Tool tool, String argumentsJson) {
    ToolArguments arguments;
    try {
      arguments = ToolArguments.parse(argumentsJson);
    } catch (ToolArgumentException e) {
      throw new ToolArgumentException("tool '" + tool.name() + "': " + e.getMessage(), e);
    }
    List<String> problems = ArgumentValidator.validate(tool.parameters(), arguments.json());
    if (!problems.isEmpty()) {
      throw new ToolArgumentException(
          "tool '" + tool.name() + "' got invalid arguments: " + String.join("; ", problems));
    }
    return arguments;
  }

  private List<String> names() {
    return tools().stream().map(Tool::name).toList();
  }
}
