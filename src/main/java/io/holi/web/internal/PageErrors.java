package io.holi.web.internal;

import io.holi.platform.HoliException;
import java.util.List;

/** Errors for a page's error summary: each names the field it belongs to (its id), so the summary links to it. */
final class PageErrors {

    record Item(String field, String message) {
    }

    private PageErrors() {
    }

    static List<Item> of(HoliException e) {
        if (e.fieldErrors().isEmpty()) {
            return List.of(new Item(null, e.getMessage()));
        }
        return e.fieldErrors().stream().map(f -> new Item(f.field(), f.message())).toList();
    }
}
