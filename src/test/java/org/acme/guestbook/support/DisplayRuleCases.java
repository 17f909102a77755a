package org.acme.guestbook.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The cases of src/test/resources/display-rules.tsv, which the API and the page must judge alike. */
public final class DisplayRuleCases {

    public record Case(String field, String value, boolean ok, String why) {
        public String name() {
            return field.equals("name") ? value : "Ada";
        }

        public String text() {
            return field.equals("text") ? value : "Hello";
        }

        @Override
        public String toString() {
            return field + ": " + why;
        }
    }

    private DisplayRuleCases() {
    }

    public static List<Case> all() {
        var json = new ObjectMapper();
        try {
            return Files.readAllLines(Path.of("src/test/resources/display-rules.tsv")).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .map(columns -> {
                        try {
                            return new Case(columns[0], json.readValue(columns[1], String.class),
                                    columns[2].equals("ok"), columns[3]);
                        } catch (IOException e) {
                            throw new UncheckedIOException("display-rules.tsv: " + columns[1], e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
