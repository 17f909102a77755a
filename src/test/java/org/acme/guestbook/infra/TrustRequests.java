package org.acme.guestbook.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;

/**
 * The one list of permission questions: every row of infra/privilege-scenarios.yaml and every
 * request the CloudFormation handlers make for infra/app.yaml's resources (create-time context
 * included), as PrivilegeMatrixTest and HandlerPermissionsTest ask them offline, written to
 * infra/trust-requests.tsv for make verify-trust, which asks AWS's policy simulator the same.
 * TrustRequestsTest fails when the file and the tests' questions differ (make trust-requests).
 *
 * <p>One line a question, tab-separated: source, role (deploy, execution or function role), action,
 * resource ARN ("*" for an action without resource types), context (KEY:string=VALUE or
 * KEY:stringList=V1|V2, separated by ";"), expected answer (allow or deny). ${Account},
 * ${Region} and ${AppName} stand for the deployed values.
 */
public final class TrustRequests {

    public static final Path FILE = Path.of("infra/trust-requests.tsv");
    static final String HEADER = "# source\trole\taction\tresource\tcontext\texpect";

    /** One question: which role, which request, what the answer must be. */
    record Question(String source, String via, Request request, boolean allowed) {

        String line() {
            List<String> context = new ArrayList<>();
            request.context().forEach((key, values) -> context.add(key + ":" + (AwsReference.isListKey(key) ? "stringList" : "string")
                    + "=" + String.join("|", values)));
            return String.join("\t", placeholders(source), via, request.action(), placeholders(request.resource()),
                    placeholders(String.join(";", context)), allowed ? "allow" : "deny");
        }
    }

    private TrustRequests() {
    }

    /** The deployed values as placeholders; what only AWS knows after creation (<Distribution>) as an example ID. */
    static String placeholders(String text) {
        return text.replace(RenderedTemplate.ACCOUNT, "${Account}").replace(RenderedTemplate.REGION, "${Region}")
                .replace("guestbook", "${AppName}").replaceAll("<[A-Za-z.]+>", "EEXAMPLE1234");
    }

    /** The app guestbook with every optional part switched on, so that every resource's handlers are asked about. */
    static Stacks stacks() {
        return Stacks.of("guestbook", Map.of(), Map.of("AlarmEmail", "owner@example.com", "DomainName", "guestbook.example.com",
                "CertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0f8fad5b-d9cb-469f-a165-70867728950e"));
    }

    static List<Question> questions() {
        List<Question> questions = new ArrayList<>();
        for (var scenario : PrivilegeScenarios.load().scenarios) {
            questions.add(new Question(scenario.name(), scenario.via(), scenario.request("guestbook"), scenario.allowed()));
        }
        List<String> problems = new ArrayList<>();
        var seen = new LinkedHashMap<String, Question>();
        for (var handler : HandlerPermissionsTest.requests(stacks(), HandlerPermissionsTest.notNeeded(), problems)) {
            var question = new Question("handler: " + handler.where(), "execution role", handler.request(), true);
            seen.putIfAbsent(question.line().substring(question.line().indexOf('\t')), question);
        }
        questions.addAll(seen.values());
        return questions;
    }

    static String render() {
        var text = new StringBuilder(HEADER).append('\n');
        questions().forEach(question -> text.append(question.line()).append('\n'));
        return text.toString();
    }

    /** make trust-requests: writes infra/trust-requests.tsv. */
    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render());
        System.out.println("wrote " + FILE + ": " + questions().size() + " questions");
    }
}
