package io.interlock.fetch;

/** One header line; {@code name} in lower case. */
public record HttpHeader(String name, String value) {}
