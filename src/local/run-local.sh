#!/usr/bin/env bash
# Started by `make run`: the local S3 server and gateway in the background, Quarkus dev mode
# (the function, with live reload) in the foreground. Ctrl-C stops all of it.
set -euo pipefail

: "${GATEWAY_PORT:=8080}" "${FUNCTION_PORT:=8081}" "${S3_PORT:=9090}" "${MVNW:=./mvnw -B}"

dependencies="$(cat target/local-classpath.txt)"
local_dev() {
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "target/local-classes:$dependencies" org.acme.guestbook.local.LocalDev "$@"
}
# A port something else holds: one line naming it and its variable, before anything starts.
local_dev --check-ports || exit 2

local_dev &
local_servers=$!
trap 'kill "$local_servers" 2>/dev/null || true; wait "$local_servers" 2>/dev/null || true' EXIT

# Quiet: Maven prints only errors (-q), no debugger banner (-Ddebug=false), no analytics
# question (it would stop the first start for ten seconds); the function's own log stays.
# Fast: Maven's own JVM without its optimising compiler (a short run gains nothing from it) and no
# test compilation (dev mode would otherwise compile every test first: 20 s on a fresh clone).
export MAVEN_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC ${MAVEN_OPTS:-}"
# shellcheck disable=SC2086 # MVNW holds a command and its options
$MVNW -q quarkus:dev \
  -Dmaven.test.skip=true \
  -Ddebug=false \
  -Dquarkus.analytics.disabled=true \
  -Dquarkus.console.enabled=false \
  -Dquarkus.lambda.mock-event-server.dev-port="$FUNCTION_PORT" \
  -Dguestbook.s3.endpoint="http://127.0.0.1:$S3_PORT"
