package org.acme.guestbook.messages;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How many new messages one instance of the function accepts a minute, in all and from one
 * visitor; each also the burst it takes at once. In AWS they come from the app stack's parameters
 * PostsPerMinute and PostsPerMinutePerVisitor (GUESTBOOK_POSTS_PER_MINUTE, ..._PER_VISITOR).
 */
@ConfigMapping(prefix = "guestbook.posts")
public interface PostLimitsConfig {

    @WithDefault("60")
    int perMinute();

    @WithDefault("10")
    int perMinutePerVisitor();
}
