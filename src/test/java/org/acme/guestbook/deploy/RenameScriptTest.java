package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make rename in a fresh clone of this repository: it turns it into another app that still
 * builds and passes its tests; bad names and a dirty tree are refused without a change.
 */
class RenameScriptTest {

    @TempDir
    Path work;
    private Path copy;

    private record Run(int exit, String output) {
    }

    @BeforeEach
    void cloneTheRepository() throws Exception {
        copy = work.resolve("fork");
        assertEquals(0, run(work, "git", "clone", "--quiet", Path.of("").toAbsolutePath().toString(), copy.toString()).exit());
    }

    private static Run run(Path dir, String... command) throws Exception {
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        process.environment().remove("MAVEN_OPTS");
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(started.waitFor(), output);
    }

    private Run rename(String name, String pkg) throws Exception {
        return run(copy, "make", "--no-print-directory", "rename", "NAME=" + name, "PACKAGE=" + pkg);
    }

    @Test
    void theRenamedRepositoryBuildsAndPassesItsTests() throws Exception {
        Run rename = rename("my-app", "com.example.myapp");
        assertEquals(0, rename.exit(), rename.output());
        assertTrue(rename.output().contains("Renamed to my-app (com.example.myapp, Maven com.example:my-app)"), rename.output());

        for (String root : List.of("src/main/java", "src/test/java", "src/local/java")) {
            assertTrue(Files.isDirectory(copy.resolve(root + "/com/example/myapp")), root);
            assertFalse(Files.exists(copy.resolve(root + "/org")), root + "/org is gone");
        }
        Run leftovers = run(copy, "git", "grep", "-n", "-F", "org.acme.guestbook", "--", ".", ":!infra/scripts/rename.sh");
        assertEquals("", leftovers.output(), "no mention of the old package is left");
        String pom = Files.readString(copy.resolve("pom.xml"));
        assertTrue(pom.contains("<groupId>com.example</groupId>") && pom.contains("<artifactId>my-app</artifactId>"));
        assertTrue(pom.contains("<groupId>io.quarkus</groupId>"), "only the project's own groupId changed");
        for (String template : List.of("infra/app.yaml", "infra/github-oidc.yaml")) {
            assertTrue(Files.readString(copy.resolve(template)).contains("    Default: my-app\n"), template);
        }
        assertTrue(Files.readString(copy.resolve("infra/scripts/common.sh")).contains("DEFAULT_APP_NAME=my-app\n"));
        assertTrue(Files.readString(copy.resolve(".github/workflows/deploy-to.yml")).contains("vars.APP_NAME || 'my-app'"));
        assertTrue(Files.readString(copy.resolve("src/site/index.html")).contains("<title>my-app</title>"));
        assertTrue(Files.readString(copy.resolve("README.md")).startsWith("# my-app\n"));

        // The renamed app compiles, main, tests and local tools, and its fast tests pass.
        Run build = run(copy, "./mvnw", "-B", "-q", "-o", "--no-transfer-progress", "test",
                "-Dtest=RouterTest,MessageInputTest,MessageIdsTest,BuildInfoTest,AppTemplateTest,WorkflowRulesTest",
                "-Dsurefire.failIfNoSpecifiedTests=false");
        assertEquals(0, build.exit(), build.output());
    }

    @Test
    void badNamesAndADirtyTreeAreRefusedWithoutAChange() throws Exception {
        List<String[]> refused = new ArrayList<>();
        refused.add(new String[] { "My-App", "com.example.myapp", "NAME must be" });
        refused.add(new String[] { "a", "com.example.myapp", "NAME must be" });
        refused.add(new String[] { "app-", "com.example.myapp", "NAME must be" });
        refused.add(new String[] { "a".repeat(21), "com.example.myapp", "NAME must be" });
        refused.add(new String[] { "my-app", "myapp", "PACKAGE must be" });
        refused.add(new String[] { "my-app", "com.Example.app", "PACKAGE must be" });
        refused.add(new String[] { "my-app", "com..app", "PACKAGE must be" });
        refused.add(new String[] { "my-app", "com.example.class", "the Java keyword 'class'" });
        for (String[] bad : refused) {
            Run run = rename(bad[0], bad[1]);
            assertNotEquals(0, run.exit(), String.join(" ", bad));
            assertTrue(run.output().contains(bad[2]), run.output());
        }
        Files.writeString(copy.resolve("README.md"), "work in progress\n", java.nio.file.StandardOpenOption.APPEND);
        Run dirty = rename("my-app", "com.example.myapp");
        assertNotEquals(0, dirty.exit());
        assertTrue(dirty.output().contains("the working tree has changes"), dirty.output());
        assertEquals(" M README.md\n", run(copy, "git", "status", "--porcelain").output(), "nothing else was touched");
    }
}
