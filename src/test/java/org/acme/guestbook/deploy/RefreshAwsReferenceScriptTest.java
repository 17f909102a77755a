package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * make refresh-aws-reference with the stand-in aws serving registry schemas: it reads the schema
 * of every type the data file holds and every type the templates use, and writes the handler
 * permissions back sorted and without duplicates, so schemas made from the committed file give
 * the committed file again.
 */
class RefreshAwsReferenceScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = Path.of("src/test/resources/aws-reference/cloudformation-handler-permissions.json");

    @TempDir
    Path work;

    @Test
    void schemasMadeFromTheCommittedDataGiveTheSameDataBack() throws Exception {
        var aws = AwsStandIn.in(work);
        Map<String, Map<String, List<String>>> committed = JSON.readValue(DATA.toFile(), new TypeReference<>() {
        });
        Files.createDirectories(aws.state().resolve("schemas"));
        for (var type : committed.entrySet()) {
            var handlers = new LinkedHashMap<String, Object>();
            type.getValue().forEach((handler, permissions) -> {
                List<String> shuffled = new ArrayList<>(permissions);
                shuffled.addAll(permissions);
                Collections.reverse(shuffled);
                handlers.put(handler, Map.of("permissions", shuffled));
            });
            JSON.writeValue(aws.state().resolve("schemas/" + type.getKey() + ".json").toFile(),
                    Map.of("typeName", type.getKey(), "handlers", handlers));
        }
        Path target = work.resolve("handlers.json");
        Files.copy(DATA, target);

        var run = aws.run("infra/scripts/refresh-aws-reference.sh", Map.of("HANDLER_DATA", target.toString()));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(committed, JSON.readValue(target.toFile(), new TypeReference<Map<String, Map<String, List<String>>>>() {
        }));
        assertTrue(run.output().contains("wrote " + target + ": " + committed.size() + " resource types"), run.output());
    }

    @Test
    void aTypeAwsDoesNotKnowStopsTheRefreshAndKeepsTheFile() throws Exception {
        var aws = AwsStandIn.in(work);
        Path target = work.resolve("handlers.json");
        Files.copy(DATA, target);
        var run = aws.run("infra/scripts/refresh-aws-reference.sh", Map.of("HANDLER_DATA", target.toString()));
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("TypeNotFoundException"), run.output());
        assertEquals(Files.readString(DATA), Files.readString(target), "the data file is untouched");
    }
}
