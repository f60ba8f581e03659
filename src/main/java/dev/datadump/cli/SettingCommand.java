package dev.datadump.cli;

import dev.datadump.store.SettingRepository;
import dev.datadump.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.TreeSet;

/** {@code datadump setting ...}: the panel settings that switch the API and the export feature. */
@Command(name = "setting", description = "Show and change settings.", mixinStandardHelpOptions = true,
        subcommands = {SettingCommand.SetSetting.class, SettingCommand.ListSettings.class, CommandLine.HelpCommand.class})
final class SettingCommand {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change a setting.",
                    "api.enabled: 1 or 0, the API as a whole.",
                    "system.exportenabled: 1 or 0, the data export feature.",
                    "panel.customer_hide_options: comma list; 'extras' or 'extras.export' hides exports from customers."})
    static final class SetSetting extends StoreCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "Setting name.")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "New value.")
        String value;

        @Override
        void run(Store store) {
            String name = key.trim();
            if (!SettingRepository.KNOWN.contains(name)) {
                throw new UsageException("unknown setting '" + key + "': known settings are "
                        + new TreeSet<>(SettingRepository.KNOWN));
            }
            String trimmed = value.trim();
            boolean isSwitch = name.equals(SettingRepository.API_ENABLED) || name.equals(SettingRepository.EXPORT_ENABLED);
            if (isSwitch && !trimmed.equals("0") && !trimmed.equals("1")) {
                throw new UsageException("invalid value '" + value + "' for " + name + ": use 1 (on) or 0 (off)");
            }
            new SettingRepository(store).set(name, trimmed);
            if (json) {
                Output.printJson(out(), Map.of(name, trimmed));
            } else {
                out().printf("%s = %s%n", name, trimmed);
            }
        }
    }

    @Command(name = "list", description = "List settings.", mixinStandardHelpOptions = true)
    static final class ListSettings extends StoreCommand {
        @Override
        void run(Store store) {
            Map<String, String> settings = new SettingRepository(store).list();
            if (json) {
                Output.printJson(out(), settings);
                return;
            }
            settings.forEach((name, value) -> out().printf("%s = %s%n", name, value));
        }
    }
}
