package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** make verify-trust asks AWS exactly what the offline permission tests ask: one list, committed. */
class TrustRequestsTest {

    @Test
    void theCommittedListIsWhatTheOfflineTestsAsk() throws Exception {
        assertEquals(TrustRequests.render(), Files.readString(TrustRequests.FILE),
                TrustRequests.FILE + " is not what the privilege scenarios and the handler data ask now: run make trust-requests");
    }

    @Test
    void itHoldsEveryPrivilegeRowAndTheCreateTimeRequests() throws Exception {
        String text = Files.readString(TrustRequests.FILE);
        for (var scenario : PrivilegeScenarios.load().scenarios) {
            assertTrue(text.contains(TrustRequests.placeholders(scenario.name()) + "\t" + scenario.via() + "\t" + scenario.action() + "\t"),
                    scenario.name());
        }
        String create = text.lines().filter(line -> line.startsWith("handler: Distribution (AWS::CloudFront::Distribution) create "
                + "handler: cloudfront:TagResource\t")).findFirst().orElseThrow();
        assertTrue(create.contains("aws:RequestTag/app:string=${AppName};aws:TagKeys:stringList=app")
                && !create.contains("aws:ResourceTag"), "the create-time TagResource, without resource tags: " + create);
    }

    /** The offline evaluator answers every question as the file expects: the file is no looser than the tests. */
    @Test
    void theOfflineEvaluatorGivesEveryExpectedAnswer() {
        var stacks = TrustRequests.stacks();
        var roles = PolicyChecks.rolePermissions(stacks.trust);
        for (var question : TrustRequests.questions()) {
            var decision = IdentityPolicyEvaluator.evaluate(roles.get(PrivilegeScenarios.ROLES.get(question.via())), question.request());
            assertEquals(question.allowed(), decision.allowed(), question.source() + ": " + decision.reason());
        }
    }
}
