package dev.rustagent.art.train;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;

/** The registry's rules over an in-memory map; subclasses persist each change. */
abstract class MapBackedModelRegistry implements ModelRegistry {
  final Map<String, RegisteredModel> models = new LinkedHashMap<>();
  String champion;

  /** Persists a registered model. */
  abstract void store(RegisteredModel model);

  /** Persists the champion's id. */
  abstract void storeChampion(String id);

  /** Reloads the map when another process may have changed the store (nothing by default). */
  void refresh() {}

  @Override
  public synchronized void register(RegisteredModel model) {
    requireNonNull(model, "model");
    if (model.kind() == RegisteredModel.Kind.CHECKPOINT && model.parentId() == null) {
      throw new IllegalArgumentException("a checkpoint needs the id of its training run (parentId)");
    }
    store(model);
    models.put(model.id(), model);
  }

  @Override
  public synchronized Optional<RegisteredModel> find(String id) {
    refresh();
    return Optional.ofNullable(models.get(id));
  }

  @Override
  public synchronized List<RegisteredModel> models() {
    refresh();
    return models.values().stream().filter(m -> m.kind() == RegisteredModel.Kind.MODEL)
        .sorted(Comparator.comparing(RegisteredModel::lastTrained).reversed()).toList();
  }

  @Override
  public synchronized List<RegisteredModel> checkpoints(String parentId) {
    refresh();
    return models.values().stream().filter(m -> m.kind() == RegisteredModel.Kind.CHECKPOINT
        && m.parentId().equals(parentId)).sorted(Comparator.comparing(RegisteredModel::lastTrained)).toList();
  }

  @Override
  public synchronized Optional<RegisteredModel> champion() {
    refresh();
    return champion == null ? Optional.empty() : Optional.ofNullable(models.get(champion));
  }

  @Override
  public synchronized void promote(String id) {
    refresh();
    if (!models.containsKey(id)) {
      throw new IllegalArgumentException("no registered model '" + id + "'");
    }
    storeChampion(id);
    champion = id;
  }
}
