package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The "Permissions" section of docs/trust.md says what the templates say: one table per role
 * (the heading names the role's logical ID), one row per statement, and each row's actions are
 * exactly the statement's (listed, or counted as "N `service:` actions"); a statement on "*"
 * says so.
 */
class PermissionsDocTest {

    private static final Path DOC = Path.of("docs/trust.md");
    private static final Pattern ROLE_HEADING = Pattern.compile("^### .*\\(`([A-Za-z]+)`\\)\\s*$");
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\| (.+?) \\| (.+?) \\| (.+?) \\|\\s*$");
    private static final Pattern COUNTED = Pattern.compile("^(\\d+) `([a-z0-9]+):` actions$");
    private static final Pattern ACTION = Pattern.compile("`([a-z0-9]+:[A-Za-z0-9]+)`");

    /** role -> statement -> [actions cell, resources cell], as the doc has them. */
    static Map<String, Map<String, String[]>> documented(List<String> lines) {
        Map<String, Map<String, String[]>> roles = new LinkedHashMap<>();
        boolean inSection = false;
        String role = null;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Permissions");
                role = null;
            }
            Matcher heading = ROLE_HEADING.matcher(line);
            if (inSection && heading.matches()) {
                role = heading.group(1);
                roles.put(role, new LinkedHashMap<>());
            }
            Matcher row = ROW.matcher(line);
            if (inSection && role != null && row.matches()) {
                roles.get(role).put(row.group(1), new String[] { row.group(2), row.group(3) });
            }
        }
        return roles;
    }

    static List<String> problems(List<String> docLines, RenderedTemplate template) {
        List<String> problems = new ArrayList<>();
        var documented = documented(docLines);
        var actual = PolicyChecks.rolePermissions(template);
        if (!documented.keySet().equals(actual.keySet())) {
            problems.add("roles in the doc " + documented.keySet() + ", in the template " + actual.keySet());
        }
        actual.forEach((role, statements) -> {
            var rows = documented.getOrDefault(role, Map.of());
            List<String> sids = statements.stream().map(s -> String.valueOf(s.get("Sid"))).toList();
            if (!List.copyOf(rows.keySet()).equals(sids)) {
                problems.add(role + ": the doc lists " + rows.keySet() + ", the template has " + sids);
            }
            for (var statement : statements) {
                String[] row = rows.get(String.valueOf(statement.get("Sid")));
                if (row == null) {
                    continue;
                }
                List<String> actions = PolicyChecks.list(statement.get("Action"));
                Matcher counted = COUNTED.matcher(row[0]);
                if (counted.matches()) {
                    boolean sameService = actions.stream().allMatch(a -> a.startsWith(counted.group(2) + ":"));
                    if (Integer.parseInt(counted.group(1)) != actions.size() || !sameService) {
                        problems.add(role + " " + statement.get("Sid") + ": the doc says '" + row[0] + "', the template has "
                                + actions.size() + " actions: " + actions);
                    }
                } else {
                    List<String> listed = new ArrayList<>();
                    ACTION.matcher(row[0]).results().forEach(m -> listed.add(m.group(1)));
                    if (!listed.equals(actions)) {
                        problems.add(role + " " + statement.get("Sid") + ": the doc lists " + listed + ", the template has "
                                + actions);
                    }
                }
                boolean star = PolicyChecks.list(statement.get("Resource")).contains("*");
                if (star != row[1].equals("`*`")) {
                    problems.add(role + " " + statement.get("Sid") + ": Resource \"*\" must show as `*` in the doc, and only then");
                }
            }
        });
        return problems;
    }

    @Test
    void thePermissionsSectionMatchesTheTemplate() throws Exception {
        PolicyChecks.failIfAny(problems(Files.readAllLines(DOC), Stacks.of("guestbook").trust));
    }

    @Test
    void aDriftedDocIsCaught() throws Exception {
        var template = Stacks.of("guestbook").trust;
        List<String> lines = Files.readAllLines(DOC);
        List<String> withoutARow = lines.stream().filter(line -> !line.startsWith("| `PublishTheSite` |")).toList();
        assertTrue(problems(withoutARow, template).stream().anyMatch(p -> p.contains("DeployRole: the doc lists")));
        List<String> extraAction = lines.stream().map(line -> line.startsWith("| `InvalidateTheSiteCache` |")
                ? line.replace("`cloudfront:CreateInvalidation`", "`cloudfront:CreateInvalidation`, `cloudfront:GetInvalidation`")
                : line).toList();
        assertTrue(problems(extraAction, template).stream().anyMatch(p -> p.contains("InvalidateTheSiteCache")));
        List<String> miscounted = lines.stream().map(line -> line.replace("| 34 `s3:` actions |", "| 33 `s3:` actions |")).toList();
        assertTrue(problems(miscounted, template).stream().anyMatch(p -> p.contains("AppBuckets")));
        assertEquals(List.of(), problems(lines, template));
    }
}
