package org.acme.guestbook;

import jakarta.inject.Inject;

import org.acme.guestbook.api.GuestbookApi;
import org.acme.guestbook.info.Invocations;
import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The Lambda entry point. A Function URL (behind CloudFront in AWS, behind the local gateway
 * with `make run`) sends every HTTP request as a payload 2.0 event; the answer is the HTTP response.
 */
public class GuestbookFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    GuestbookApi api;

    @Inject
    Invocations invocations;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        // Every log line of this request carries its id (under "mdc" in the JSON logs).
        MDC.put("requestId", context == null || context.getAwsRequestId() == null ? "none" : context.getAwsRequestId());
        try {
            invocations.record();
            return api.handle(event).toLambdaResponse();
        } finally {
            MDC.remove("requestId");
        }
    }
}
