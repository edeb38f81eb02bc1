package io.queryhound.agent.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the text after {@code -javaagent:queryhound-agent.jar=}: comma-separated {@code key=value}
 * pairs with the same keys as every other settings source. A comma-separated part without {@code =}
 * continues the previous value, so list settings need no other quoting:
 * {@code scopeMethods=com.acme.Job#run,com.acme.Listener#onMessage,slowQueryMillis=250}.
 */
final class AgentArguments {

    private AgentArguments() {
    }

    static Map<String, String> parse(String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return values;
        }
        String key = null;
        for (String part : arguments.split(",", -1)) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                key = part.substring(0, equals).trim();
                values.put(key, part.substring(equals + 1).trim());
            } else if (key != null) {
                // Untrimmed: a suppression's reason ("cached, judged fine") keeps its spaces; list items are
                // trimmed by the list settings themselves.
                values.put(key, values.get(key) + "," + part.stripTrailing());
            } else if (!part.isBlank()) {
                values.put(part.trim(), ""); // a key with no value: reported as not valid by the settings loader
            }
        }
        return values;
    }
}
