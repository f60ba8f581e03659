package dev.datadump.cli;

import dev.datadump.export.ExportEngine;
import dev.datadump.export.ExportSettings;
import dev.datadump.export.PipelineExportEngine;
import dev.datadump.model.Customer;
import dev.datadump.worker.WorkerSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Options of the commands that run jobs: {@code serve}, {@code worker} and {@code run-once}. */
public final class WorkerOptions {

    @Option(names = "--staging", paramLabel = "DIR",
            description = "Private folder, owned by the service and outside every customer's tree, where archives "
                    + "are built. Default: staging in the data directory.")
    Path staging;

    @Option(names = "--node", paramLabel = "NAME", defaultValue = Customer.DEFAULT_NODE,
            description = "Run the jobs of customers on this node. Default: ${DEFAULT-VALUE}.")
    String node;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Run up to N jobs at once (serve and worker); serve with 0 runs the API only. "
                    + "Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--lease-seconds", paramLabel = "S", defaultValue = "60",
            description = "Seconds a claimed job stays reserved without a heartbeat; a crashed worker's job is "
                    + "taken over this long after its last heartbeat. Default: ${DEFAULT-VALUE}.")
    int leaseSeconds;

    @Option(names = "--heartbeat-seconds", paramLabel = "S", defaultValue = "5",
            description = "Seconds between lease renewals. Default: ${DEFAULT-VALUE}. "
                    + "(Cancel requests are read about once a second, independently.)")
    int heartbeatSeconds;

    @Option(names = "--poll-seconds", paramLabel = "S", defaultValue = "2",
            description = "Seconds between looks for new jobs while the queue is empty. Default: ${DEFAULT-VALUE}.")
    int pollSeconds;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3",
            description = "Attempts a job gets when its worker dies or loses the store before it is recorded "
                    + "as failed. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--stop-timeout-seconds", paramLabel = "S", defaultValue = "60",
            description = "On SIGTERM, seconds running jobs get to finish before they are cancelled and put back "
                    + "to planned for another worker. Default: ${DEFAULT-VALUE}.")
    int stopTimeoutSeconds;

    /** Returns the export engine the jobs run on, with the engine's defaults for the data directory. */
    ExportEngine engine() {
        ExportSettings settings = ExportSettings.defaults(StoreOptions.dataDirectory());
        if (staging != null) {
            settings = settings.withStagingDirectory(staging.toAbsolutePath());
        }
        return new PipelineExportEngine(settings);
    }

    /** Returns true unless {@code --jobs 0} asked for no worker at all. */
    boolean runsJobs() {
        return jobs != 0;
    }

    /** Returns the settings, or throws {@link UsageException} naming the option that is out of range. */
    public WorkerSettings settings() {
        try {
            return new WorkerSettings(node.trim(), jobs, Duration.ofSeconds(leaseSeconds),
                    Duration.ofSeconds(heartbeatSeconds), Duration.ofSeconds(pollSeconds), maxAttempts,
                    Duration.ofSeconds(stopTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
