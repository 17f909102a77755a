package org.acme.guestbook.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.acme.guestbook.support.DefaultAppName;
import org.junit.jupiter.api.Test;

/**
 * The app has one name: DEFAULT_APP_NAME in infra/scripts/common.sh. Every copy of it a tool needs
 * in its own file (the Maven artifactId that GET /api/info reports, the templates' AppName
 * default, the workflows' fallback) says the same, so make rename and a reader see one name.
 */
class AppNameTest {

    @Test
    void everyCopyOfTheAppNameIsTheDefaultAppName() throws IOException {
        List<String> copies = new ArrayList<>();
        copies.add("pom.xml artifactId " + first(Path.of("pom.xml"), "(?m)^    <artifactId>([^<]+)</artifactId>$"));
        for (String template : List.of("infra/app.yaml", "infra/github-oidc.yaml")) {
            copies.add(template + " AppName " + first(Path.of(template), "(?m)^  AppName:\\n(?:    .*\\n)*?    Default: (\\S+)$"));
        }
        try (Stream<Path> workflows = Files.list(Path.of(".github/workflows"))) {
            for (Path workflow : workflows.sorted().toList()) {
                Matcher fallback = Pattern.compile("vars\\.APP_NAME \\|\\| '([^']+)'").matcher(Files.readString(workflow));
                while (fallback.find()) {
                    copies.add(workflow + " APP_NAME " + fallback.group(1));
                }
            }
        }
        assertTrue(copies.stream().anyMatch(c -> c.contains(".github")), "the workflows fall back to the app name");
        List<String> expected = copies.stream().map(c -> c.substring(0, c.lastIndexOf(' ') + 1) + DefaultAppName.VALUE).toList();
        assertEquals(expected, copies);
    }

    private static String first(Path file, String regex) throws IOException {
        Matcher matcher = Pattern.compile(regex).matcher(Files.readString(file));
        return matcher.find() ? matcher.group(1) : "(none found)";
    }
}
