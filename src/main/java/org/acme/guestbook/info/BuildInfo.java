package org.acme.guestbook.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts fixed at build time: the app's name and version, the git commit and its time.
 * Maven writes them into build-info.properties; a value the build could not fill in is "unknown".
 */
public record BuildInfo(String app, String version, String commit, String builtAt) {

    public static BuildInfo load() {
        var properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/build-info.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(value(properties, "app"), value(properties, "version"),
                value(properties, "commit"), value(properties, "builtAt"));
    }

    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key, "").strip();
        return value.isEmpty() || value.contains("${") ? "unknown" : value;
    }
}
