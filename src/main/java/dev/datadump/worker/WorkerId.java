package dev.datadump.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Identifiers of worker processes, {@code host:pid:random}, recorded with each attempt of a job. */
final class WorkerId {

    private WorkerId() {
    }

    /** Returns a new identifier, unique across hosts and restarts. */
    static String create() {
        String random = UUID.randomUUID().toString().substring(0, 8);
        return hostName() + ":" + ProcessHandle.current().pid() + ":" + random;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown-host" : fromEnvironment;
        }
    }
}
