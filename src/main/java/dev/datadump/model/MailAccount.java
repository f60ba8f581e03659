package dev.datadump.model;

/** A mail account of a customer: its maildir is {@code maildir}, relative to {@code homeDir}. */
public record MailAccount(long id, long customerId, String homeDir, String maildir) {
}
