package org.acme.guestbook.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The AWS CLI's own description of its commands (src/test/resources/aws-cli-model/model.json,
 * written by make refresh-aws-cli-model from the argument tables the CLI builds: its botocore
 * models with its customizations, waiters and pagination options):
 * which operations exist, their options, the type and allowed values of each, which are
 * required. A call the real CLI would refuse gets the reasons it would be refused for, so a
 * stand-in's "success" for an invented option or a misspelled member cannot pass a test.
 */
public final class AwsCliModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode MODEL = load();
    private static final List<String> OUTPUTS = List.of("json", "text", "table");

    private AwsCliModel() {
    }

    private static JsonNode load() {
        try (InputStream in = AwsCliModel.class.getResourceAsStream("/aws-cli-model/model.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the CLI would refuse this call (its arguments after "aws"); empty when it would accept it. */
    public static List<String> problems(List<String> call) {
        List<String> problems = new ArrayList<>();
        List<String> args = new ArrayList<>();
        boolean version = false;
        for (int i = 0; i < call.size(); i++) {
            JsonNode global = MODEL.path("globalOptions").get(call.get(i));
            if (global == null) {
                args.add(call.get(i));
            } else if (call.get(i).equals("--version")) {
                version = true;
            } else if (!global.path("type").asText().equals("boolean")) {
                if (i + 1 >= call.size()) {
                    problems.add(call.get(i) + " needs a value");
                } else if (call.get(i).equals("--output") && !OUTPUTS.contains(call.get(i + 1))) {
                    problems.add("--output must be one of " + OUTPUTS + ", not " + call.get(i + 1));
                }
                i++;
            }
        }
        if (version && args.isEmpty()) {
            return problems;
        }
        if (args.size() < 2) {
            problems.add("no command and operation in " + call);
            return problems;
        }
        JsonNode command = MODEL.path("commands").get(args.get(0));
        if (command == null) {
            problems.add("the model has no command " + args.get(0) + " (commands: " + names(MODEL.path("commands")) + ")");
            return problems;
        }
        String what = "aws " + args.get(0) + " " + args.get(1);
        JsonNode spec = command.get(args.get(1));
        List<String> rest = args.subList(2, args.size());
        if (spec != null && spec.has("subcommands")) {
            if (rest.isEmpty() || !spec.path("subcommands").has(rest.get(0))) {
                problems.add(what + " has no subcommand " + (rest.isEmpty() ? "(none given)" : rest.get(0)));
                return problems;
            }
            what += " " + rest.get(0);
            spec = spec.path("subcommands").get(rest.get(0));
            rest = rest.subList(1, rest.size());
        }
        if (spec == null) {
            problems.add("aws " + args.get(0) + " has no operation " + args.get(1));
            return problems;
        }
        checkOptions(what, spec, rest, problems);
        return problems;
    }

    private static void checkOptions(String what, JsonNode spec, List<String> args, List<String> problems) {
        List<String> given = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            JsonNode option = spec.path("options").get(arg);
            if (option == null) {
                problems.add(what + " has no option " + arg);
                continue;
            }
            given.add(arg);
            if (option.path("type").asText().equals("boolean")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                values.add(args.get(++i));
                if (!option.path("many").asBoolean()) {
                    break;
                }
            }
            if (values.isEmpty()) {
                problems.add(what + ": " + arg + " needs a value");
                continue;
            }
            for (String value : values) {
                // A list option takes its items one by one, or the whole list as one JSON value.
                boolean item = option.path("many").asBoolean() && option.has("member") && !value.strip().startsWith("[");
                checkValue(what + " " + arg, item || (option.path("many").asBoolean() && !option.has("member"))
                        ? option.path("member").isMissingNode() ? option : option.path("member") : option, value, problems);
            }
        }
        for (JsonNode required : spec.path("required")) {
            if (!given.contains(required.asText())) {
                problems.add(what + " needs " + required.asText());
            }
        }
        int expected = 0;
        for (JsonNode argument : spec.path("positional")) {
            expected += argument.path("nargs").asText().equals("2") ? 2 : 1;
        }
        if (positional.size() != expected) {
            problems.add(what + " takes " + expected + " positional argument(s), not " + positional);
        }
    }

    /** A scalar's type and enum; a JSON value's members, recursively; a shorthand's top-level keys. */
    private static void checkValue(String where, JsonNode shape, String value, List<String> problems) {
        String type = shape.path("type").asText();
        switch (type) {
            case "integer", "long", "int" -> {
                try {
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    problems.add(where + " takes a whole number, not " + value);
                }
            }
            case "string" -> {
                if (shape.has("enum") && !contains(shape.path("enum"), value)) {
                    problems.add(where + " must be one of " + shape.path("enum") + ", not " + value);
                }
            }
            case "structure", "list", "map" -> {
                String text = value.strip();
                if (text.startsWith("{") || text.startsWith("[")) {
                    try {
                        checkJson(where, shape, JSON.readTree(text), problems);
                    } catch (IOException e) {
                        problems.add(where + ": not valid JSON: " + value);
                    }
                } else if (type.equals("structure")) {
                    for (String pair : text.split(",")) {
                        String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')).strip() : pair.strip();
                        if (!shape.path("members").has(key)) {
                            problems.add(where + ": no member " + key + " (members: " + names(shape.path("members")) + ")");
                        }
                    }
                } else if (type.equals("list") && shape.path("member").has("enum")
                        && !contains(shape.path("member").path("enum"), text)) {
                    problems.add(where + " values must be among " + shape.path("member").path("enum") + ", not " + text);
                }
            }
            default -> {
            }
        }
    }

    private static void checkJson(String where, JsonNode shape, JsonNode value, List<String> problems) {
        String type = shape.path("type").asText();
        if (type.equals("structure")) {
            if (!value.isObject()) {
                problems.add(where + ": wants an object, not " + value);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                var field = fields.next();
                JsonNode member = shape.path("members").get(field.getKey());
                if (member == null) {
                    if (shape.has("members")) {
                        problems.add(where + ": no member " + field.getKey() + " (members: " + names(shape.path("members")) + ")");
                    }
                } else {
                    checkJson(where + "." + field.getKey(), member, field.getValue(), problems);
                }
            }
            for (JsonNode required : shape.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(where + ": needs " + required.asText());
                }
            }
        } else if (type.equals("list")) {
            if (!value.isArray()) {
                problems.add(where + ": wants a list, not " + value);
                return;
            }
            for (JsonNode item : value) {
                checkJson(where + "[]", shape.path("member"), item, problems);
            }
        } else if (type.equals("map")) {
            value.fields().forEachRemaining(field -> checkJson(where + "." + field.getKey(), shape.path("value"),
                    field.getValue(), problems));
        } else if (value.isContainerNode()) {
            problems.add(where + ": wants a " + type + ", not " + value);
        } else {
            checkValue(where, shape, value.asText(), problems);
        }
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
