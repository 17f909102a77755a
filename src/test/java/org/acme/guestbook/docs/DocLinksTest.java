package org.acme.guestbook.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every link in the README and docs/ resolves: a relative link names a file or folder of the
 * repository, and a #fragment names a heading (or an id) of the page it points to, as GitHub
 * makes them. Links to other sites are not followed (there is no internet here); paths like
 * docs/trust.md named in scripts and templates must exist too.
 */
class DocLinksTest {

    private static final Pattern DOC_PATH = Pattern.compile("\\bdocs/[A-Za-z0-9_/.-]*[A-Za-z0-9_/-]");

    @Test
    void everyLinkInTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : markdownPages()) {
            for (String target : MarkdownPage.linksOf(Files.readString(page))) {
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                checked++;
                String problem = problemOf(page, target);
                if (problem != null) {
                    broken.add(page + ": (" + target + ") " + problem);
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(checked > 50, "the pages link each other; only " + checked + " links found");
    }

    @Test
    void docsNamedInScriptsTemplatesAndWorkflowsExist() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : filesNamingDocs()) {
            var matcher = DOC_PATH.matcher(Files.readString(file));
            while (matcher.find()) {
                if (!Files.exists(Path.of(matcher.group()))) {
                    missing.add(file + " names " + matcher.group());
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void headingsBecomeTheFragmentsGitHubMakes() {
        assertEquals("what-make-deploy-does", MarkdownPage.slug("What `make deploy` does"));
        assertEquals("when-configure-aws-credentials-fails", MarkdownPage.slug("When `configure-aws-credentials` fails"));
        assertEquals("the-app-running-it-locally-its-api", MarkdownPage.slug("The app: running it locally, its API"));
        assertEquals("step-1--the-token", MarkdownPage.slug("Step 1 — the token"));
        assertEquals(Set.of("a", "a-1", "b"), MarkdownPage.fragmentsOf("# A\n## A\n```\n# not a heading\n```\n### B\n"));
    }

    @Test
    void linksInCodeAreNoLinks() {
        assertEquals(List.of("x.md"), MarkdownPage.linksOf("[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n"));
    }

    /** The reason a link does not resolve, or null. */
    private static String problemOf(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (hash < 0) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return "a fragment of a file that is not a Markdown page";
        }
        String fragment = target.substring(hash + 1);
        Set<String> fragments = MarkdownPage.fragmentsOf(Files.readString(file));
        return fragments.contains(fragment) ? null : "no heading makes #" + fragment + " in " + file;
    }

    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<Path> filesNamingDocs() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("Makefile"), Path.of("pom.xml"), Path.of(".ci/run")));
        for (String folder : List.of("infra", ".github", "src/main", "src/local", "src/site")) {
            try (Stream<Path> tree = Files.walk(Path.of(folder))) {
                tree.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
