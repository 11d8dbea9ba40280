package dev.rustagent.art.train;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.internal.ArtJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;

/** {@link ModelRegistry} in one JSON file, rewritten atomically on every change. */
final class JsonFileModelRegistry extends MapBackedModelRegistry {
  private final Path file;

  private JsonFileModelRegistry(Path file) {
    this.file = file;
  }

  static JsonFileModelRegistry open(Path file) {
    JsonFileModelRegistry registry = new JsonFileModelRegistry(file);
    if (Files.exists(file)) {
      try {
        Stored stored = ArtJson.MAPPER.readValue(Files.readString(file), new TypeReference<Stored>() {});
        if (stored.models() != null) {
          stored.models().forEach(m -> registry.models.put(m.id(), m));
        }
        registry.champion = stored.champion();
      } catch (IOException | RuntimeException e) {
        throw new ArtException("cannot read the model registry " + file + ": " + e.getMessage(), e);
      }
    }
    return registry;
  }

  @Override
  void store(RegisteredModel model) {
    Map<String, RegisteredModel> next = new LinkedHashMap<>(models);
    next.put(model.id(), model);
    write(new Stored(champion, new ArrayList<>(next.values())));
  }

  @Override
  void storeChampion(String id) {
    write(new Stored(id, new ArrayList<>(models.values())));
  }

  private void write(Stored stored) {
    try {
      ArtJson.writeAtomically(file, ArtJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(stored));
    } catch (IOException | RuntimeException e) {
      throw new ArtException("cannot write the model registry " + file + ": " + e.getMessage(), e);
    }
  }

  record Stored(String champion, List<RegisteredModel> models) {}
}
