package org.acme.guestbook.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The commit the function reports: the one the app stack sets, else the one it was built from. */
class BuildInfoTest {

    @Test
    void theStacksCommitWinsOverTheBuildsOne() {
        var deployed = BuildInfo.load(Map.of("GUESTBOOK_COMMIT", "2222222222222222222222222222222222222222",
                "GUESTBOOK_COMMIT_TIME", "2026-11-29T10:00:00Z"));
        assertEquals("2222222222222222222222222222222222222222", deployed.commit());
        assertEquals("2026-11-29T10:00:00Z", deployed.builtAt());
        assertEquals(BuildInfo.load().app(), deployed.app());
    }

    @Test
    void withoutThemTheBuildsFactsStand() {
        var built = BuildInfo.load();
        assertEquals(built, BuildInfo.load(Map.of("GUESTBOOK_COMMIT", " ", "OTHER", "x")));
        assertEquals(built.builtAt(), BuildInfo.load(Map.of("GUESTBOOK_COMMIT_TIME", "")).builtAt());
    }
}
