package org.acme.guestbook.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the doc tests read from a Markdown page: its links, its headings' fragments, its tables. */
final class MarkdownPage {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HTML_ID = Pattern.compile("\\b(?:id|name)=\"([^\"]+)\"");

    private MarkdownPage() {
    }

    /** The lines outside fenced code blocks. */
    static List<String> prose(String page) {
        List<String> lines = new ArrayList<>();
        boolean inCode = false;
        for (String line : page.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode) {
                lines.add(line);
            }
        }
        return lines;
    }

    static List<String> linksOf(String page) {
        List<String> links = new ArrayList<>();
        for (String line : prose(page)) {
            Matcher matcher = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (matcher.find()) {
                links.add(matcher.group(1));
            }
        }
        return links;
    }

    /** The fragments GitHub gives the page's headings (a repeated one gets -1, -2...), and its ids. */
    static Set<String> fragmentsOf(String page) {
        Set<String> fragments = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            if (line.matches("^#{1,6} .*")) {
                String slug = slug(line.replaceFirst("^#+ ", ""));
                int count = seen.merge(slug, 1, Integer::sum);
                fragments.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher id = HTML_ID.matcher(line);
            while (id.find()) {
                fragments.add(id.group(1));
            }
        }
        return fragments;
    }

    /** GitHub's rule: lower case, drop everything but letters, digits, spaces, hyphens and underscores, spaces become hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    /** The rows of the first table after the first line containing the given words, each as its cells (header and rule left out). */
    static List<List<String>> tableAfter(String page, String words) {
        List<String> lines = prose(page);
        int at = 0;
        while (at < lines.size() && !lines.get(at).contains(words)) {
            at++;
        }
        if (at == lines.size()) {
            throw new AssertionError("no line says: " + words);
        }
        while (at < lines.size() && !lines.get(at).startsWith("|")) {
            at++;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int header = at; at < lines.size() && lines.get(at).startsWith("|"); at++) {
            if (at > header + 1) {
                rows.add(cells(lines.get(at)));
            }
        }
        return rows;
    }

    private static List<String> cells(String row) {
        String inner = row.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
