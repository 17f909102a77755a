package org.acme.guestbook.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The README's target table is what `make help` prints, target by target, in the same order. */
class MakeTargetsDocTest {

    @Test
    void theReadmeListsExactlyTheTargetsOfMakeHelp() throws Exception {
        List<List<String>> help = makeHelp();
        assertTrue(help.size() > 20, "make help lists the targets: " + help);
        List<String> expected = help.stream().map(t -> "| `make " + t.get(0) + "` | " + t.get(1) + " |").toList();
        List<String> actual = MarkdownPage.tableAfter(Files.readString(Path.of("README.md")), "what `make help` prints").stream()
                .map(cells -> "| " + String.join(" | ", cells) + " |").toList();
        assertEquals(expected, actual, "README.md's target table should be (from make help):\n"
                + expected.stream().collect(Collectors.joining("\n")));
    }

    @Test
    void makeHelpFitsATerminal() throws Exception {
        for (String line : runMakeHelp()) {
            assertTrue(line.length() <= 100, "longer than 100 columns: " + line);
        }
    }

    /** Each target with its description, the wrapped lines joined again. */
    private static List<List<String>> makeHelp() throws Exception {
        List<List<String>> targets = new ArrayList<>();
        for (String line : runMakeHelp()) {
            if (line.startsWith("  make ")) {
                String[] parts = line.substring("  make ".length()).split("\\s+", 2);
                targets.add(new ArrayList<>(List.of(parts[0], parts[1].strip())));
            } else {
                List<String> last = targets.get(targets.size() - 1);
                last.set(1, last.get(1) + " " + line.strip());
            }
        }
        return targets;
    }

    private static List<String> runMakeHelp() throws IOException, InterruptedException {
        var builder = new ProcessBuilder("make", "--no-print-directory", "help").redirectErrorStream(true);
        builder.environment().remove("MAKEFLAGS");
        builder.environment().remove("MAKELEVEL");
        Process make = builder.start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, make.waitFor(), output);
        return output.lines().toList();
    }
}
