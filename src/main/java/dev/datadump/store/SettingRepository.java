package dev.datadump.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Panel settings that govern the API: {@code api.enabled}, {@code system.exportenabled}, {@code panel.customer_hide_options}. */
public final class SettingRepository {

    public static final String API_ENABLED = "api.enabled";
    public static final String EXPORT_ENABLED = "system.exportenabled";
    public static final String CUSTOMER_HIDE_OPTIONS = "panel.customer_hide_options";

    /** Setting names an admin may set. */
    public static final Set<String> KNOWN = Set.of(API_ENABLED, EXPORT_ENABLED, CUSTOMER_HIDE_OPTIONS);

    private final Store store;

    public SettingRepository(Store store) {
        this.store = store;
    }

    public Optional<String> get(String name) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT value FROM settings WHERE name = ?", row -> row.getString(1), name));
    }

    /** Returns true when the setting's value reads as a non-zero integer. */
    public boolean isEnabled(String name) {
        String value = get(name).orElse("0").trim();
        try {
            return Long.parseLong(value) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public void set(String name, String value) {
        store.inTransaction(connection -> {
            int changed = Jdbc.update(connection, "UPDATE settings SET value = ? WHERE name = ?", value, name);
            if (changed == 0) {
                Jdbc.update(connection, "INSERT INTO settings (name, value) VALUES (?, ?)", name, value);
            }
            return null;
        });
    }

    /** All settings by name, in name order. */
    public Map<String, String> list() {
        Map<String, String> settings = new LinkedHashMap<>();
        store.withConnection(connection -> Jdbc.query(connection,
                "SELECT name, value FROM settings ORDER BY name",
                row -> settings.put(row.getString(1), row.getString(2))));
        return settings;
    }
}
