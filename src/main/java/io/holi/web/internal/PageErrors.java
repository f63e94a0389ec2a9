package io.holi.web.internal;

/** Errors for a page's error summary: each names the field it belongs to (its id), so the summary links to it. */
final class PageErrors {

    record Item(String field, String message) {
    }

    private PageErrors() {
    }
}
