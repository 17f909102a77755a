package org.acme.guestbook.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The app's name and version, and the git commit deployed with its time. Maven writes them into
 * build-info.properties; a value the build could not fill in is "unknown". In AWS the app stack
 * sets the commit in GUESTBOOK_COMMIT and GUESTBOOK_COMMIT_TIME, and those win: a package is
 * named by its inputs, so a commit that changes no input (only the README, say) reuses a package
 * built from an earlier commit, and the commit is then configuration, not code.
 */
public record BuildInfo(String app, String version, String commit, String builtAt) {

    public static BuildInfo load() {
        return load(Map.of());
    }

    public static BuildInfo load(Map<String, String> environment) {
        var built = fromBuild();
        return new BuildInfo(built.app(), built.version(),
                environment.getOrDefault("GUESTBOOK_COMMIT", "").isBlank() ? built.commit() : environment.get("GUESTBOOK_COMMIT"),
                environment.getOrDefault("GUESTBOOK_COMMIT_TIME", "").isBlank() ? built.builtAt()
                        : environment.get("GUESTBOOK_COMMIT_TIME"));
    }

    private static BuildInfo fromBuild() {
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
