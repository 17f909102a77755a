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

import org.acme.guestbook.support.DefaultAppName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make rename in a fresh clone of this repository: it turns it into another app that still
 * builds and passes its tests; bad names and a dirty tree are refused without a change.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
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

    /** The package the repository has now: org.acme.guestbook in the template, another in a renamed fork. */
    private static String currentPackage() throws Exception {
        try (var files = Files.walk(Path.of("src/main/java"))) {
            Path handler = files.filter(f -> f.getFileName().toString().equals("GuestbookFunction.java")).findFirst().orElseThrow();
            return Files.readAllLines(handler).stream().filter(line -> line.startsWith("package ")).findFirst().orElseThrow()
                    .replace("package ", "").replace(";", "");
        }
    }

    // A fork renamed to my-app renames itself to another name here, so the test holds in it too.
    private static final boolean RENAMED = DefaultAppName.VALUE.equals("my-app");
    private static final String NAME = RENAMED ? "other-app" : "my-app";
    private static final String PACKAGE = RENAMED ? "com.example.other" : "com.example.myapp";
    private static final String DIR = PACKAGE.replace('.', '/');
    /** Set in the renamed copy's own run of this test, which must not start yet another nested build. */
    private static final boolean NESTED = System.getenv("RENAME_TEST_NESTED") != null;

    @Test
    void theRenamedRepositoryBuildsAndPassesItsTests() throws Exception {
        String old = currentPackage();
        Run rename = rename(NAME, PACKAGE);
        assertEquals(0, rename.exit(), rename.output());
        assertTrue(rename.output().contains("Renamed to " + NAME + " (" + PACKAGE + ", Maven com.example:" + NAME + ")"),
                rename.output());

        for (String root : List.of("src/main/java", "src/test/java", "src/local/java", "src/bench/java", "src/bench/shared/java",
                "src/bench/http-extension/src/main/java")) {
            assertTrue(Files.isDirectory(copy.resolve(root + "/" + DIR)), root);
            assertFalse(Files.exists(copy.resolve(root + "/" + old.replace('.', '/'))), root + ": the old package's folder is gone");
        }
        Run leftovers = run(copy, "git", "grep", "-n", "-F", old, "--", ".", ":!infra/scripts/rename.sh");
        assertEquals("", leftovers.output(), "no mention of the old package is left");
        Run oldPaths = run(copy, "git", "grep", "-n", "-F", old.replace('.', '/'), "--", ".", ":!infra/scripts/rename.sh");
        assertEquals("", oldPaths.output(), "no path of the old package is left");
        String pom = Files.readString(copy.resolve("pom.xml"));
        assertTrue(pom.contains("<groupId>com.example</groupId>") && pom.contains("<artifactId>" + NAME + "</artifactId>"));
        assertTrue(pom.contains("<groupId>io.quarkus</groupId>"), "only the project's own groupId changed");
        for (String template : List.of("infra/app.yaml", "infra/github-oidc.yaml")) {
            assertTrue(Files.readString(copy.resolve(template)).contains("    Default: " + NAME + "\n"), template);
        }
        assertTrue(Files.readString(copy.resolve("infra/scripts/common.sh")).contains("DEFAULT_APP_NAME=" + NAME + "\n"));
        assertTrue(Files.readString(copy.resolve(".github/workflows/deploy-to.yml")).contains("vars.APP_NAME || '" + NAME + "'"));
        assertTrue(Files.readString(copy.resolve("src/site/index.html")).contains("<title>" + NAME + "</title>"));
        assertTrue(Files.readString(copy.resolve("src/site/index.html")).contains("<h1>" + NAME + "</h1>"));
        assertTrue(Files.readString(copy.resolve("README.md")).startsWith("# " + NAME + "\n"));
        if (NESTED) {
            return;
        }

        // Committed, as a fork would: its tests then run in it, this one included (renaming the renamed
        // repository again, without another nested build), and the benchmark's baseline still compiles.
        assertEquals(0, run(copy, "git", "-c", "user.name=Fork", "-c", "user.email=fork@example.com", "commit", "--quiet",
                "-m", "Rename").exit());
        var nested = new ProcessBuilder("./mvnw", "-B", "-q", "-o", "--no-transfer-progress", "test",
                "-Dtest=RouterTest,MessageInputTest,MessageRulesTest,MessageIdsTest,BuildInfoTest,AppTemplateTest,WorkflowRulesTest,"
                        + "GitHubOidcTemplateTest,BootstrapScriptTest,RenameScriptTest",
                "-Dsurefire.failIfNoSpecifiedTests=false").directory(copy.toFile()).redirectErrorStream(true);
        nested.environment().remove("MAVEN_OPTS");
        nested.environment().put("RENAME_TEST_NESTED", "1");
        Process build = nested.start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), output);
        // make bench compiles the baseline handler from the path ColdStartBench names: it must be where the rename put it.
        String bench = Files.readString(copy.resolve("src/test/java/" + DIR + "/bench/ColdStartBench.java"));
        var baseline = java.util.regex.Pattern.compile("\"(src/bench/(?:shared/)?java/[^\"]+\\.java)\"").matcher(bench);
        int named = 0;
        while (baseline.find()) {
            assertTrue(Files.isRegularFile(copy.resolve(baseline.group(1))), baseline.group(1));
            named++;
        }
        assertEquals(2, named, "ColdStartBench names the baseline's sources: the handler and the shared S3 client");
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
        Run dirty = rename(NAME, PACKAGE);
        assertNotEquals(0, dirty.exit());
        assertTrue(dirty.output().contains("the working tree has changes"), dirty.output());
        assertEquals(" M README.md\n", run(copy, "git", "status", "--porcelain").output(), "nothing else was touched");
    }
}
