package io.holi.status;

/** One file of the rendered status page. */
public record StatusFile(String name, String contentType, byte[] content) {
}
