package org.acme.guestbook.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The app name the scripts use when APP_NAME is not set: DEFAULT_APP_NAME in
 * infra/scripts/common.sh, which make rename changes. Tests of the defaults read it from there,
 * so that they hold for a renamed fork too.
 */
public final class DefaultAppName {

    public static final String VALUE = read();

    private DefaultAppName() {
    }

    private static String read() {
        try {
            return Files.readAllLines(Path.of("infra/scripts/common.sh")).stream()
                    .filter(line -> line.startsWith("DEFAULT_APP_NAME="))
                    .map(line -> line.substring("DEFAULT_APP_NAME=".length()).strip())
                    .findFirst().orElseThrow(() -> new IllegalStateException("no DEFAULT_APP_NAME in infra/scripts/common.sh"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
