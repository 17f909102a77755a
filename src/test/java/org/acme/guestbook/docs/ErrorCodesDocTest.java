package org.acme.guestbook.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/api.md's error tables list exactly the (status, error) pairs the code answers with: the
 * function's (every ApiError built in src/main) and the local gateway's own.
 */
class ErrorCodesDocTest {

    private static final Path API_DOC = Path.of("docs/api.md");
    private static final Pattern API_ERROR = Pattern.compile("new ApiError\\(\\s*(\\d{3}),\\s*\"([a-z_]+)\"");
    private static final Pattern BAD_REQUEST = Pattern.compile("ApiError\\.badRequest\\(\\s*\"([a-z_]+)\"");
    private static final Pattern GATEWAY_ANSWER = Pattern.compile("sendJson\\(\\s*exchange,\\s*(\\d{3}),\\s*\"([a-z_]+)\"");

    @Test
    void theFunctionsErrorTableIsTheCodesErrors() throws IOException {
        Set<String> fromCode = new TreeSet<>();
        for (Path source : javaSources("src/main/java")) {
            String text = Files.readString(source);
            collect(API_ERROR.matcher(text), fromCode, null);
            collect(BAD_REQUEST.matcher(text), fromCode, "400");
        }
        assertTrue(fromCode.contains("400 invalid_field") && fromCode.contains("500 internal_error"),
                "the patterns find the code's errors: " + fromCode);
        assertEquals(fromCode, documented("Every `error` the function answers with"));
    }

    @Test
    void theGatewaysTableIsTheGatewaysAnswers() throws IOException {
        Set<String> fromCode = new TreeSet<>();
        for (Path source : javaSources("src/local/java")) {
            collect(GATEWAY_ANSWER.matcher(Files.readString(source)), fromCode, null);
        }
        assertEquals(fromCode, documented("the local gateway of `make run` has answers of its own"));
    }

    private static void collect(Matcher matcher, Set<String> into, String status) {
        while (matcher.find()) {
            into.add(status == null ? matcher.group(1) + " " + matcher.group(2) : status + " " + matcher.group(1));
        }
    }

    private static Set<String> documented(String tableIntro) throws IOException {
        Set<String> rows = new TreeSet<>();
        for (List<String> cells : MarkdownPage.tableAfter(Files.readString(API_DOC), tableIntro)) {
            rows.add(cells.get(0) + " " + cells.get(1).replace("`", ""));
        }
        return rows;
    }

    private static List<Path> javaSources(String root) throws IOException {
        try (Stream<Path> tree = Files.walk(Path.of(root))) {
            return tree.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
