package dev.datadump.model;

import java.util.Locale;

/** The states of a job: planned -> running -> done | failed | cancelled. */
public enum JobStatus {
    PLANNED, RUNNING, DONE, FAILED, CANCELLED;

    /** Name as stored and as shown in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
