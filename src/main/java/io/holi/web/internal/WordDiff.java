package io.holi.web.internal;

import java.util.ArrayList;
import java.util.List;

/** What changed between two versions of a note, word by word (longest common subsequence): kept, removed, added. */
final class WordDiff {

    enum Kind { SAME, REMOVED, ADDED }

    record Part(Kind kind, String text) {
    }

    private WordDiff() {
    }

    static List<Part> between(String before, String after) {
        String[] a = split(before);
        String[] b = split(after);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = word(a[i]).equals(word(b[j])) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Part> parts = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && word(a[i]).equals(word(b[j]))) {
                // the same word; the space after it may have changed (a line break, or the end of the text)
                String word = word(a[i]);
                String spaceBefore = a[i].substring(word.length());
                String spaceAfter = b[j].substring(word.length());
                add(parts, Kind.SAME, word);
                if (spaceBefore.equals(spaceAfter)) {
                    add(parts, Kind.SAME, spaceBefore);
                } else {
                    add(parts, Kind.REMOVED, spaceBefore);
                    add(parts, Kind.ADDED, spaceAfter);
                }
                i++;
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                add(parts, Kind.REMOVED, a[i++]);
            } else {
                add(parts, Kind.ADDED, b[j++]);
            }
        }
        return parts;
    }

    /** Words with the whitespace after them, so joining the parts gives the text back. */
    private static String[] split(String s) {
        if (s == null || s.isEmpty()) {
            return new String[0];
        }
        return s.split("(?<=\\s)(?=\\S)");
    }

    private static String word(String token) {
        return token.replaceFirst("\\s+$", "");
    }

    private static void add(List<Part> parts, Kind kind, String word) {
        if (word.isEmpty()) {
            return;
        }
        if (!parts.isEmpty() && parts.get(parts.size() - 1).kind() == kind) {
            Part last = parts.remove(parts.size() - 1);
            parts.add(new Part(kind, last.text() + word));
        } else {
            parts.add(new Part(kind, word));
        }
    }
}
