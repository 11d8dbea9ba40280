package dev.rustagent.memory.internal;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.logical.And;
import java.util.LinkedHashMap;
import java.util.Map;

/** Our exact metadata filters to and from LangChain4j's {@link Filter}s (equality, joined by AND). */
final class LangChain4jFilters {

  private LangChain4jFilters() {}

  /**
   * @param filter a LangChain4j filter, or null
   * @return the exact key/value filters it means
   * @throws UnsupportedOperationException for anything but equalities joined by AND
   */
  static Map<String, String> toExact(Filter filter) {
    Map<String, String> out = new LinkedHashMap<>();
    collect(filter, out);
    return out;
  }

  private static void collect(Filter filter, Map<String, String> out) {
    if (filter == null) {
      return;
    }
    if (filter instanceof IsEqualTo eq) {
      String previous = out.put(eq.key(), String.valueOf(eq.comparisonValue()));
      if (previous != null && !previous.equals(out.get(eq.key()))) {
        throw new UnsupportedOperationException("two different values for metadata key " + eq.key());
      }
    } else if (filter instanceof And and) {
      collect(and.left(), out);
      collect(and.right(), out);
    } else {
      throw new UnsupportedOperationException("agent memory filters by exact metadata values joined by AND only, not "
          + filter.getClass().getSimpleName());
    }
  }

  /**
   * @param exact key/value filters
   * @return the LangChain4j filter meaning all of them, or null for none
   */
  static Filter fromExact(Map<String, String> exact) {
    Filter filter = null;
    for (Map.Entry<String, String> e : exact.entrySet()) {
      Filter eq = new IsEqualTo(e.getKey(), e.getValue());
      filter = filter == null ? eq : new And(filter, eq);
    }
    return filter;
  }
}
