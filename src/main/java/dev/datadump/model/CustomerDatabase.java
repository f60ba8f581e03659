package dev.datadump.model;

/** A MariaDB/MySQL database of a customer, on the database server with id {@code serverId}. */
public record CustomerDatabase(long id, long customerId, String name, int serverId) {
}
