package dev.datadump.model;

/**
 * A database server: {@code defaultsFile} is the path of a MySQL option file with its host,
 * port or socket, user and password, in the format {@code mariadb-dump --defaults-extra-file}
 * reads. The store keeps only the path, never the credentials.
 */
public record DatabaseServer(int id, String defaultsFile) {
}
