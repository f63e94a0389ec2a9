package io.holi.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordDiffTest {

    @Test
    void aChangedWordIsRemovedAndAddedAndTheRestIsKept() {
        List<WordDiff.Part> parts = WordDiff.between("BP 120/80, stable. Review in two weeks.", "BP 135/85, stable. Review in one week.");
        assertThat(parts).extracting(WordDiff.Part::kind).contains(WordDiff.Kind.SAME, WordDiff.Kind.REMOVED, WordDiff.Kind.ADDED);
        assertThat(join(parts, WordDiff.Kind.REMOVED)).isEqualTo("120/80, two weeks.");
        assertThat(join(parts, WordDiff.Kind.ADDED)).isEqualTo("135/85, one week.");
    }

    @Test
    void keptAndAddedPartsGiveTheNewTextBackAndKeptAndRemovedTheOld() {
        String before = "Patient reports mild headache.\nNo fever.";
        String after = "Patient reports severe headache since Monday.\nNo fever. Started paracetamol.";
        List<WordDiff.Part> parts = WordDiff.between(before, after);
        assertThat(parts.stream().filter(p -> p.kind() != WordDiff.Kind.REMOVED).map(WordDiff.Part::text).reduce("", String::concat)).isEqualTo(after);
        assertThat(parts.stream().filter(p -> p.kind() != WordDiff.Kind.ADDED).map(WordDiff.Part::text).reduce("", String::concat)).isEqualTo(before);
        assertThat(WordDiff.between("", "new note")).containsExactly(new WordDiff.Part(WordDiff.Kind.ADDED, "new note"));
    }

    @Test
    void aWordThatWasLastAndNowHasTextAfterItIsKept() {
        List<WordDiff.Part> parts = WordDiff.between("Dry cough for two weeks. No fever.", "Dry cough for three weeks. No fever. Chest clear.");
        assertThat(join(parts, WordDiff.Kind.REMOVED)).isEqualTo("two");
        assertThat(join(parts, WordDiff.Kind.ADDED)).isEqualTo("three Chest clear.");
        assertThat(parts.get(parts.size() - 1)).isEqualTo(new WordDiff.Part(WordDiff.Kind.ADDED, " Chest clear."));
    }

    private static String join(List<WordDiff.Part> parts, WordDiff.Kind kind) {
        return String.join("", parts.stream().filter(p -> p.kind() == kind).map(WordDiff.Part::text).toList()).strip().replaceAll("\\s+", " ");
    }
}
