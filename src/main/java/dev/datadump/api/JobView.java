package dev.datadump.api;

import dev.datadump.model.Job;
import dev.datadump.store.JobQuery.ListedJob;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of a job: the fields DataDump.add returns, and a listing entry. Flags are the
 * strings "1"/"0"; times are Unix seconds (null until the event happened).
 */
final class JobView {

    /** Task type of a data export in the panel's task list; listing entries carry it as {@code type}. */
    static final int TASK_TYPE = 20;

    private JobView() {
    }

    /** Returns the fields DataDump.add returns, with the extensions {@code id} and {@code status}. */
    static Map<String, Object> data(ListedJob listed) {
        Job job = listed.job();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerid", job.customerId());
        data.put("uid", listed.uid());
        data.put("gid", listed.gid());
        data.put("loginname", listed.loginName());
        data.put("destdir", job.destdir());
        data.put("pgp_public_key", job.pgpPublicKey() == null ? "" : job.pgpPublicKey());
        data.put("dump_dbs", flag(job.dumpDbs()));
        data.put("dump_mail", flag(job.dumpMail()));
        data.put("dump_web", flag(job.dumpWeb()));
        data.put("id", job.id());
        data.put("status", job.status().wireName());
        return data;
    }

    /**
     * Returns a listing entry: {@code id}, {@code type}, {@code data}, and the extensions
     * {@code status}, {@code created}, {@code started}, {@code finished} and, for a finished
     * job, {@code archive}, {@code size}, {@code sha256} or {@code error}.
     */
    static Map<String, Object> entry(ListedJob listed) {
        Job job = listed.job();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", job.id());
        entry.put("type", TASK_TYPE);
        entry.put("data", data(listed));
        entry.put("status", job.status().wireName());
        entry.put("created", seconds(job.created()));
        entry.put("started", seconds(job.started()));
        entry.put("finished", seconds(job.finished()));
        if (job.status().isFinished()) {
            if (job.archive() != null) {
                entry.put("archive", job.archive());
                entry.put("size", job.size());
                entry.put("sha256", job.sha256());
            }
            if (job.error() != null) {
                entry.put("error", job.error());
            }
        }
        return entry;
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    private static Long seconds(Long epochMillis) {
        return epochMillis == null ? null : Math.floorDiv(epochMillis, 1000L);
    }
}
