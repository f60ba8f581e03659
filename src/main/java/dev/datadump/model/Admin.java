package dev.datadump.model;

/** A hosting admin: owns customers and, with {@code customersSeeAll}, acts for every customer. */
public record Admin(long id, String name, boolean customersSeeAll, boolean apiAllowed) {
}
