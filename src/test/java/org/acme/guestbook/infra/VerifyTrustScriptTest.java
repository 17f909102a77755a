package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make verify-trust against a stand-in of IAM's policy simulator that answers, in the API's shape
 * (EvaluationResults, EvalDecision, MatchedStatements, MissingContextValues), what the project's
 * evaluator decides for the rendered roles: every answer as expected, a grant removed, and a
 * simulator that refuses the caller.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
class VerifyTrustScriptTest {

    @TempDir
    Path work;
    private AwsStandIn aws;
    private Stacks stacks;

    @BeforeEach
    void theTrustStack() throws Exception {
        aws = AwsStandIn.in(work);
        stacks = Stacks.of("guestbook");
        var outputs = new LinkedHashMap<String, Object>();
        stacks.trust.outputs.forEach((key, value) -> outputs.put(key, Stacks.trustOutput(stacks.trust, key)));
        aws.stack("guestbook-github-oidc", "CREATE_COMPLETE", outputs);
    }

    private long simulatorCalls() throws Exception {
        return aws.calls().stream().filter(call -> call.get(0).equals("iam") && call.get(1).equals("simulate-principal-policy"))
                .count();
    }

    @Test
    void everyAnswerAsExpectedPassesWithItsTable() throws Exception {
        SimulatorAnswers.write(aws.state(), stacks.trust, PolicyChecks.rolePermissions(stacks.trust));
        var run = aws.run("infra/scripts/verify-trust.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        long questions = TrustRequests.questions().size();
        assertTrue(run.output().contains("All " + questions + " answers are as expected."), run.output());
        assertTrue(run.output().contains("ok | create the app's distribution | execution role | cloudfront:CreateDistribution on * "
                + "| expected allow | AWS: allowed"), run.output());
        assertTrue(run.output().contains("ok | delete the trust stack | deploy role | cloudformation:DeleteStack on "), run.output());
        // One call asks about all the actions of one role, resource and context: far fewer calls than questions.
        assertTrue(simulatorCalls() < questions / 2, simulatorCalls() + " calls for " + questions + " questions");
        assertTrue(aws.calls().stream().anyMatch(call -> call.contains("simulate-principal-policy")
                && call.indexOf("--resource-arns") - call.indexOf("--action-names") > 20), "a call with many actions");
    }

    @Test
    void aRemovedGrantIsAMismatchNamingWhatAwsMissed() throws Exception {
        SimulatorAnswers.write(aws.state(), stacks.trust, SimulatorAnswers.without(PolicyChecks.rolePermissions(stacks.trust),
                "CloudFormationExecutionRole", "TagTheAppDistributionItCreates"));
        var run = aws.run("infra/scripts/verify-trust.sh", Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("MISMATCH | handler: Distribution (AWS::CloudFront::Distribution) create handler: "
                + "cloudfront:TagResource | execution role | cloudfront:TagResource on arn:aws:cloudfront::123456789012:distribution/"
                + "EEXAMPLE1234 | expected allow | AWS: implicitDeny | missing context: aws:ResourceTag/app"), run.output());
        assertTrue(run.output().contains("2 of " + TrustRequests.questions().size() + " answers differ"), run.output());
    }

    @Test
    void aSimulatorThatRefusesTheCallerSaysWhatIsMissing() throws Exception {
        var run = aws.run("infra/scripts/verify-trust.sh", Map.of("FAKE_SIMULATOR_DENIED", "1"));
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("IAM's policy simulator refused to answer for the "), run.output());
        assertTrue(run.output().contains("iam:SimulatePrincipalPolicy") && run.output().contains("make bootstrap"), run.output());
        assertTrue(!run.output().contains("Traceback") && !run.output().contains("{\""), run.output());
    }
}
