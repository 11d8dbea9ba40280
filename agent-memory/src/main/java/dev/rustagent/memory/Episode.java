package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

/**
 * A stored interaction and its id in the store.
 *
 * @param id the store's id, unique within one memory
 * @param interaction what was stored
 */
public record Episode(long id, Interaction interaction) {

  /** Validates the interaction. */
  public Episode {
    requireNonNull(interaction, "interaction");
  }
}
