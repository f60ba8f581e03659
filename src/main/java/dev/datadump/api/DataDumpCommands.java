package dev.datadump.api;

import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.pgp.EncryptionKeys;
import dev.datadump.pgp.InvalidKeyException;
import dev.datadump.store.DuplicateException;
import dev.datadump.store.JobQuery;
import dev.datadump.store.JobQuery.Field;
import dev.datadump.store.JobQuery.ListedJob;
import dev.datadump.store.JobQuery.Operator;
import dev.datadump.store.JobRepository;
import dev.datadump.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The six commands of the DataDump module: add, get, update, listing, listingCount and delete.
 * Each returns the payload of {@code {"data": ...}} or throws an {@link ApiException}.
 */
final class DataDumpCommands {

    private static final Logger log = LoggerFactory.getLogger(DataDumpCommands.class);

    private final Store store;
    private final JobRepository jobs;
    private final CustomerScope scope;
    private final ExportAccess access;

    DataDumpCommands(Store store, CustomerScope scope, ExportAccess access) {
        this.store = store;
        this.jobs = new JobRepository(store);
        this.scope = scope;
        this.access = access;
    }

    /**
     * Runs the method (lower case) for the caller.
     *
     * @throws ApiException 400 for an unknown method, or the command's own failures
     */
    Object run(String method, Caller caller, Params params) {
        return switch (method) {
            case "add" -> add(caller, params);
            case "get" -> throw new ApiException(303,
                    "DataDump.get is not supported: a planned export cannot be read on its own; use DataDump.listing");
            case "update" -> throw new ApiException(303,
                    "DataDump.update is not supported: delete the planned export with DataDump.delete and add it again");
            case "listing" -> listing(caller, params);
            case "listingcount" -> listingCount(caller, params);
            case "delete" -> delete(caller, params);
            default -> throw ApiException.badRequest("unknown method '" + params.command()
                    + "': DataDump has add, get, update, listing, listingCount and delete");
        };
    }

    private Map<String, Object> add(Caller caller, Params params) {
        access.check(caller);
        String path = ExportPath.normalise(params.requiredString("path"));
        String pgpKey = params.optionalString("pgp_public_key").orElse("");
        boolean dumpDbs = params.flag("dump_dbs");
        boolean dumpMail = params.flag("dump_mail");
        boolean dumpWeb = params.flag("dump_web");
        Customer customer = scope.required(caller, params);

        if (!pgpKey.isEmpty()) {
            try {
                EncryptionKeys.select(pgpKey, Instant.now());
            } catch (InvalidKeyException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }

        String destdir = ExportPath.destination(customer.documentRoot(), path);
        Job job;
        try {
            job = jobs.add(new JobRepository.NewJob(customer.id(), customer.node(), path, destdir,
                    pgpKey.isEmpty() ? null : pgpKey, dumpDbs, dumpMail, dumpWeb));
        } catch (DuplicateException e) {
            throw new ApiException(409, "customer '" + customer.loginName() + "' already has an export that is "
                    + "planned or running" + activeJobNote(customer) + "; wait until it has finished or delete it "
                    + "with DataDump.delete, then add the new one");
        }

        log.info("Added export job {} for customer {} to {} on behalf of {}", job.id(), customer.loginName(),
                destdir, caller.describe());
        return JobView.data(new ListedJob(job, customer.loginName(), customer.uid(), customer.gid()));
    }

    private Map<String, Object> listing(Caller caller, Params params) {
        access.check(caller);
        JobQuery query = selection(caller, params);
        ListingSelection.applyOrder(query, params);
        ListingSelection.applyPage(query, params);

        List<Map<String, Object>> entries = query.list(store).stream().map(JobView::entry).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", entries.size());
        result.put("list", entries);
        return result;
    }

    private long listingCount(Caller caller, Params params) {
        access.check(caller);
        return selection(caller, params).count(store);
    }

    private boolean delete(Caller caller, Params params) {
        access.check(caller);
        long jobId = params.requiredNumber("job_entry");
        JobQuery query = permitted(caller, params, false).where(Field.ID, Operator.EQUAL, List.of(jobId));
        Optional<ListedJob> found = query.list(store).stream().findFirst();
        ApiException notFound = ApiException.notFound("export job " + jobId
                + " not found among your planned or running exports");
        if (found.isEmpty()) {
            throw notFound;
        }

        if (jobs.cancelPlanned(jobId)) {
            log.info("Cancelled planned export job {} of customer {} on behalf of {}", jobId,
                    found.get().loginName(), caller.describe());
            return true;
        }
        if (jobs.requestCancel(jobId)) {
            log.info("Requested cancellation of running export job {} of customer {} on behalf of {}", jobId,
                    found.get().loginName(), caller.describe());
            return true;
        }
        // The job finished between the lookup and the update.
        throw notFound;
    }

    /** Builds the selection of listing and listingCount: permissions, narrowing, history and search. */
    private JobQuery selection(Caller caller, Params params) {
        JobQuery query = permitted(caller, params, params.flag("history"));
        ListingSelection.applySearch(query, params);
        return query;
    }

    /** Starts a query over the jobs the caller may see, narrowed to the customer the params name. */
    private JobQuery permitted(Caller caller, Params params, boolean withHistory) {
        JobQuery query = new JobQuery(store.dialect(), withHistory);
        if (caller.isAdmin() && !caller.admin().customersSeeAll()) {
            query.ownedByAdmin(caller.admin().id());
        }
        scope.named(caller, params).ifPresent(customer -> query.ofCustomer(customer.id()));
        return query;
    }

    private String activeJobNote(Customer customer) {
        return new JobQuery(store.dialect(), false).ofCustomer(customer.id()).list(store).stream()
                .findFirst()
                .map(active -> " (job " + active.job().id() + ", " + active.job().status().wireName() + ")")
                .orElse("");
    }
}
