package dev.datadump.api;

import dev.datadump.store.SettingRepository;

import java.util.Arrays;

/**
 * The access check of every DataDump command: the export feature must be enabled
 * ({@code system.exportenabled}), and customers must not have it hidden by
 * {@code panel.customer_hide_options} listing {@code extras} or {@code extras.export}.
 */
final class ExportAccess {

    private final SettingRepository settings;

    ExportAccess(SettingRepository settings) {
        this.settings = settings;
    }

    /** @throws ApiException 405 when the caller may not use data exports */
    void check(Caller caller) {
        if (!settings.isEnabled(SettingRepository.EXPORT_ENABLED)) {
            throw new ApiException(405, "data export is disabled on this system (setting "
                    + SettingRepository.EXPORT_ENABLED + " is 0)");
        }
        if (caller.isAdmin()) {
            return;
        }
        String hidden = settings.get(SettingRepository.CUSTOMER_HIDE_OPTIONS).orElse("");
        boolean hiddenFromCustomers = Arrays.stream(hidden.split(","))
                .map(String::trim)
                .anyMatch(option -> option.equals("extras") || option.equals("extras.export"));
        if (hiddenFromCustomers) {
            throw new ApiException(405, "data export is not available to customers on this system");
        }
    }
}
