package dev.datadump.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One parsed API call: the module and method in lower case, the command as the caller wrote
 * it (for messages) and the parameters object (empty when none were sent).
 */
public record ApiCall(String module, String method, String command, ObjectNode params) {
}
