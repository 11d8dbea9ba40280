package dev.rustagent.art.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.art.internal.ArtJson;
import dev.rustagent.art.train.Trainer.TrainerException;
import dev.rustagent.art.train.Trainer.TrainingJob;
import dev.rustagent.art.train.Trainer.TrainingMetric;
import dev.rustagent.art.train.TrainingPipeline.TrainingConfig;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.spi.internal.Durations;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import static java.util.Objects.requireNonNull;

/** Trains a model on a dataset, one epoch per call. The SPI behind {@link TrainingPipeline}. */
@FunctionalInterface
public interface Trainer {

  /**
   * Runs one epoch.
   *
   * @param job the dataset, settings, epoch and output directory
   * @param onMetric receives each metric as it is reported
   * @return every metric reported, in order; never empty
   * @throws TrainerException when training fails, hangs or reports no metrics
   */
  List<TrainingMetric> train(TrainingJob job, Consumer<TrainingMetric> onMetric);

  /**
   * One epoch of training for a {@link Trainer}.
   *
   * @param dataset the JSONL dataset (OpenPipe ART groups)
   * @param config the run's settings
   * @param epoch the epoch, from 1
   * @param outputDirectory where the trainer writes this epoch's weights or adapter
   */
  public record TrainingJob(Path dataset, TrainingConfig config, int epoch, Path outputDirectory) {
    public TrainingJob {
      requireNonNull(dataset, "dataset");
      requireNonNull(config, "config");
      if (epoch < 1) {
        throw new IllegalArgumentException("epoch must be at least 1: " + epoch);
      }
      requireNonNull(outputDirectory, "outputDirectory");
    }
  }

  /**
   * One metrics line a trainer reported, such as {@code {"step":1,"loss":0.42}}.
   *
   * @param step the optimiser step
   * @param values the other numeric fields by name
   */
  public record TrainingMetric(long step, Map<String, Double> values) {
    public TrainingMetric {
      values = Map.copyOf(values);
    }

    /** A value by name. */
    public Optional<Double> value(String name) {
      return Optional.ofNullable(values.get(name));
    }
  }

  /** Training failed: the trainer exited with an error, hung past its timeout, or reported no metrics. */
  public static class TrainerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public TrainerException(String message) {
      super(message);
    }

    /** With a message and a cause. */
    public TrainerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Runs the user's training command (any language) for each epoch. In the command's arguments
   * {@code {dataset}}, {@code {config}}, {@code {epoch}} and {@code {output}} are replaced by the dataset
   * path, the path of a JSON file holding the {@link TrainingConfig} and epoch, the epoch number and the
   * output directory; the same values are in the environment as {@code ART_DATASET}, {@code ART_CONFIG},
   * {@code ART_EPOCH} and {@code ART_OUTPUT}.
   *
   * <p>Output (stdout and stderr) is streamed to the log line by line. Lines that are JSON objects with a
   * numeric {@code step} are metrics: {@code {"step":1,"loss":0.42}}. A non-zero exit, a run past the
   * timeout (the process tree is killed) or no metrics at all is a {@link TrainerException}. The command
   * gets this JVM's environment without credentials (see {@code ChildEnvironment}); variables set with
   * {@link Builder#environment(String, String)} are passed as given.
   *
   * <pre>{@code
   * Trainer trainer = ExternalCommandTrainer.builder(List.of("python3", "train.py", "{dataset}", "{config}"))
   *     .timeout(Duration.ofHours(2)).build();
   * }</pre>
   */
  public static final class ExternalCommandTrainer implements Trainer {
    private static final Logger log = LoggerFactory.getLogger(ExternalCommandTrainer.class);
    private static final int KEEP_LAST_LINES = 20;
    private static final int KEEP_OUTPUT_CHARS = 1_000_000;

    private final List<String> command;
    private final Duration timeout;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    private ExternalCommandTrainer(Builder b) {
      this.command = List.copyOf(b.command);
      this.timeout = b.timeout;
      this.workingDirectory = b.workingDirectory;
      this.environment = Map.copyOf(b.environment);
    }

    /** Starts a trainer running {@code command} (program and arguments, with placeholders). */
    public static Builder builder(List<String> command) {
      return new Builder(command);
    }

    @Override
    public List<TrainingMetric> train(TrainingJob job, Consumer<TrainingMetric> onMetric) {
      requireNonNull(job, "job");
      requireNonNull(onMetric, "onMetric");
      Path configFile;
      try {
        Files.createDirectories(job.outputDirectory());
        configFile = job.outputDirectory().resolve("training-config.json");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("epoch", job.epoch());
        config.put("dataset", job.dataset().toAbsolutePath().toString());
        config.put("output", job.outputDirectory().toAbsolutePath().toString());
        config.put("config", job.config());
        ArtJson.writeAtomically(configFile, ArtJson.write(config));
      } catch (IOException | RuntimeException e) {
        throw new TrainerException("cannot prepare the training directory " + job.outputDirectory() + ": "
            + e.getMessage(), e);
      }
      Map<String, String> values = Map.of("{dataset}", job.dataset().toAbsolutePath().toString(),
          "{config}", configFile.toAbsolutePath().toString(), "{epoch}", String.valueOf(job.epoch()),
          "{output}", job.outputDirectory().toAbsolutePath().toString());
      List<String> argv = command.stream().map(arg -> {
        String a = arg;
        for (Map.Entry<String, String> e : values.entrySet()) {
          a = a.replace(e.getKey(), e.getValue());
        }
        return a;
      }).toList();
      Map<String, String> env = new HashMap<>(System.getenv());
      env.putAll(environment);
      env.put("ART_DATASET", values.get("{dataset}"));
      env.put("ART_CONFIG", values.get("{config}"));
      env.put("ART_EPOCH", values.get("{epoch}"));
      env.put("ART_OUTPUT", values.get("{output}"));
      Path directory = workingDirectory != null ? workingDirectory : Path.of("").toAbsolutePath();
      List<TrainingMetric> metrics = new ArrayList<>();
      Deque<String> lastLines = new ArrayDeque<>();
      ProcessRunner.Outcome outcome;
      try {
        // the variables the host set on the builder are passed even when they look like credentials
        outcome = ProcessRunner.run(new ProcessRunner.Command(argv, directory, env, null, environment.keySet()),
            timeout, CancellationToken.create(), KEEP_OUTPUT_CHARS, line -> onLine(line, metrics, lastLines, onMetric));
      } catch (ProcessRunner.StartException e) {
        throw new TrainerException("cannot start the training command " + argv + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrainerException("interrupted while training epoch " + job.epoch(), e);
      }
      if (outcome.timedOut()) {
        throw new TrainerException("the training command " + argv + " did not finish within " + timeout
            + " and was stopped; last output:\n" + tail(lastLines));
      }
      if (outcome.exitCode() != 0) {
        throw new TrainerException("the training command " + argv + " exited with code " + outcome.exitCode()
            + "; last output:\n" + tail(lastLines));
      }
      synchronized (metrics) {
        if (metrics.isEmpty()) {
          throw new TrainerException("the training command " + argv + " printed no metrics; print one JSON line "
              + "per step such as {\"step\":1,\"loss\":0.42}; last output:\n" + tail(lastLines));
        }
        return List.copyOf(metrics);
      }
    }

    private static void onLine(String line, List<TrainingMetric> metrics, Deque<String> lastLines,
        Consumer<TrainingMetric> onMetric) {
      log.info("[trainer] {}", dev.rustagent.core.internal.Secrets.redact(line));
      synchronized (lastLines) {
        lastLines.addLast(line);
        if (lastLines.size() > KEEP_LAST_LINES) {
          lastLines.removeFirst();
        }
      }
      TrainingMetric metric = parseMetric(line);
      if (metric != null) {
        synchronized (metrics) {
          metrics.add(metric);
        }
        try {
          onMetric.accept(metric);
        } catch (RuntimeException e) {
          log.warn("a training metric listener failed", e);
        }
      }
    }

    /** The metric in a line, or null when the line is not a JSON object with a numeric step. */
    static TrainingMetric parseMetric(String line) {
      String s = line.strip();
      if (!s.startsWith("{") || !s.endsWith("}")) {
        return null;
      }
      JsonNode node;
      try {
        node = ArtJson.MAPPER.readTree(s);
      } catch (IOException e) {
        return null;
      }
      JsonNode step = node.get("step");
      if (step == null || !step.isNumber()) {
        return null;
      }
      Map<String, Double> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getKey().equals("step") && e.getValue().isNumber()) {
          values.put(e.getKey(), e.getValue().asDouble());
        }
      }
      return new TrainingMetric(step.asLong(), values);
    }

    private static String tail(Deque<String> lines) {
      synchronized (lines) {
        return lines.isEmpty() ? "(none)" : String.join("\n", lines);
      }
    }

    /** Builds an {@link ExternalCommandTrainer}. */
    public static final class Builder {
      private final List<String> command;
      private Duration timeout = Duration.ofHours(6);
      private Path workingDirectory;
      private final Map<String, String> environment = new LinkedHashMap<>();

      private Builder(List<String> command) {
        requireNonNull(command, "command");
        if (command.isEmpty() || command.get(0).isBlank()) {
          throw new IllegalArgumentException("the training command must name a program");
        }
        command.forEach(a -> requireNonNull(a, "command argument"));
        this.command = List.copyOf(command);
      }

      /** How long one epoch may take; positive, default 6 hours. */
      public Builder timeout(Duration timeout) {
        Durations.positive(timeout, "timeout");
        this.timeout = timeout;
        return this;
      }

      /** The directory the command runs in; default the current one. */
      public Builder workingDirectory(Path dir) {
        requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException("not a directory: " + dir);
        }
        this.workingDirectory = dir;
        return this;
      }

      /** An extra environment variable for the command. */
      public Builder environment(String name, String value) {
        environment.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
        return this;
      }

      /** Builds the trainer. */
      public ExternalCommandTrainer build() {
        return new ExternalCommandTrainer(this);
      }
    }
  }
}
