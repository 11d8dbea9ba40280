package dev.rustagent.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.memory.SemanticMemory.Scored;

class KeywordIndexTest {

  private final KeywordIndex index = new KeywordIndex();

  private List<String> ids(String query) {
    return index.search(query, 10).stream().map(Scored::value).toList();
  }

  @Test
  void termsKeepRustIdentifiersAndErrorCodesWhole() {
    assertThat(KeywordIndex.terms("Fix E0382 in borrow_mut of the HashMap"))
        .containsExactly("fix", "e0382", "borrow_mut", "hashmap");
  }

  @Test
  void aTextOfAverageLengthHoldingEveryQueryTermOnceScoresOne() {
    index.put("a", "moved value closure");
    index.put("b", "lifetime reference borrow");

    assertThat(index.search("moved value", 1).get(0).score()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aTextSharingOneOfManyQueryTermsScoresLittle() {
    index.put("a", "moved value in closure");
    index.put("b", "lifetime of a reference");

    assertThat(index.search("the reference guide explains ownership traits generics and macros", 1).get(0).score())
        .isLessThan(0.25);
  }

  @Test
  void putReplacesTheTextOfTheSameId() {
    index.put("a", "tokio runtime");
    index.put("a", "serde derive");

    assertThat(ids("tokio")).isEmpty();
    assertThat(ids("serde")).containsExactly("a");
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void removedTextsAreNotFound() {
    index.put("a", "tokio runtime");

    assertThat(index.remove("a")).isTrue();
    assertThat(index.remove("a")).isFalse();
    assertThat(ids("tokio")).isEmpty();
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> index.search("x", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }
}
