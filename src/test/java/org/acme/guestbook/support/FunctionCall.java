package org.acme.guestbook.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.path.json.JsonPath;

/**
 * Sends a Function URL event to the handler through Quarkus' mock Lambda event server
 * and reads the handler's answer, the payload 2.0 response, back.
 */
public record FunctionCall(int status, Map<String, String> headers, String body) {

    public static FunctionCall send(RecordedFunctionUrlEvent event) {
        return send(event.json());
    }

    public static FunctionCall send(String eventJson) {
        JsonPath output = given()
                .contentType("application/json")
                .body(eventJson)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
        return new FunctionCall(output.getInt("statusCode"), output.getMap("headers", String.class, String.class),
                output.getString("body"));
    }

    public JsonPath json() {
        return JsonPath.from(body);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
