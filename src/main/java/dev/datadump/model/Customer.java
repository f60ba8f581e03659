package dev.datadump.model;

/**
 * A hosting customer. The document root is the customer's home; files are read and archives
 * written with the customer's uid and gid. The node names the host whose workers run the
 * customer's jobs.
 */
public record Customer(long id, String loginName, String documentRoot, int uid, int gid, long adminId,
                       boolean deactivated, boolean apiAllowed, String node) {

    /** Node of customers that were not given one. */
    public static final String DEFAULT_NODE = "default";
}
