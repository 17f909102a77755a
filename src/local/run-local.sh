#!/usr/bin/env bash
# Started by `make run`: the local S3 server and gateway, and Quarkus dev mode (the function, with
# live reload). Whichever half stops first stops the other: a function without its S3 server and
# gateway serves nothing, and neither do they without it. Ctrl-C stops all of it.
set -euo pipefail

: "${GATEWAY_PORT:=8080}" "${FUNCTION_PORT:=8081}" "${S3_PORT:=9090}" "${MVNW:=./mvnw -B}"

dependencies="$(cat target/local-classpath.txt)"
local_dev=(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager
  -cp "target/local-classes:$dependencies" org.acme.guestbook.local.LocalDev)
# A port something else holds: one line naming it and its variable, before anything starts.
"${local_dev[@]}" --check-ports || exit 2

# stop_tree PID: the process and all it started (Quarkus dev mode runs the function in a JVM of its own,
# which must not outlive make run and keep its port).
# shellcheck disable=SC2317 # called from the EXIT trap
stop_tree() {
  local child children
  children="$(pgrep -P "$1" || true)"
  for child in $children; do stop_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
function_pid=""
# shellcheck disable=SC2317 # the EXIT trap
stop_all() {
  for pid in $function_pid $local_servers; do stop_tree "$pid"; done
  wait 2>/dev/null || true
}

"${local_dev[@]}" &
local_servers=$!
trap stop_all EXIT
trap 'exit 130' INT TERM

# Quiet: Maven prints only errors (-q), no debugger banner (-Ddebug=false), no analytics
# question (it would stop the first start for ten seconds); the function's own log stays.
# Fast: no test compilation (dev mode would otherwise compile every test first: 20 s on a fresh
# clone); Maven's own JVM runs without its optimising compiler (.mvn/jvm.config).
# shellcheck disable=SC2086 # MVNW holds a command and its options
$MVNW -q quarkus:dev \
  -Dmaven.test.skip=true \
  -Ddebug=false \
  -Dquarkus.analytics.disabled=true \
  -Dquarkus.console.enabled=false \
  -Dquarkus.lambda.mock-event-server.dev-port="$FUNCTION_PORT" \
  -Dguestbook.s3.endpoint="http://127.0.0.1:$S3_PORT" &
function_pid=$!

# Polled, not `wait -n`: macOS ships bash 3.2, which has no `wait -n`, and make run must work there.
while kill -0 "$local_servers" 2>/dev/null && kill -0 "$function_pid" 2>/dev/null; do sleep 1; done
if ! kill -0 "$local_servers" 2>/dev/null; then
  echo "make run: the local S3 server and gateway stopped (see above); stopping the function too." >&2
  exit 1
fi
status=0
wait "$function_pid" || status=$?
exit "$status"
