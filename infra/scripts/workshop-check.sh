#!/usr/bin/env bash
# make workshop-check STEP=n: "Check your work" of module n of docs/workshop/. Each check says
# what it looked at, ✓ or ✗, and what to do about a ✗; it exits 1 if anything is wrong.
# Modules 0-3 need no AWS account (WorkshopCheckTest runs them, so the course cannot rot);
# 4-8 need AWS_REGION and credentials, and gh for 4.
# GATEWAY_URL is the local stack of make run (http://localhost:8080). WORKSHOP_SKIP_MAVEN=1
# skips the Maven runs of checks 2 and 3 (the tests that run those checks run them otherwise).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

step="${1:-}"
APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
GATEWAY_URL="${GATEWAY_URL:-http://localhost:${GATEWAY_PORT:-8080}}"
problems=0

ok() { echo "  ✓ $1"; }
bad() { echo "  ✗ $1"; echo "    → $2"; problems=$((problems + 1)); }
has() { command -v "$1" >/dev/null 2>&1; }

# Runs Maven tests, unless WORKSHOP_SKIP_MAVEN is set.
maven_tests() { # WHAT TESTS
  if [[ -n "${WORKSHOP_SKIP_MAVEN:-}" ]]; then
    echo "  - skipped: ./mvnw test -Dtest=$2 ($1)"
  elif ./mvnw -B -q --no-transfer-progress test -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1; then
    ok "$1 ($2 pass)"
  else
    bad "$1: $2 fail" "run ./mvnw test -Dtest=$2 and read the first failure"
  fi
}

# The number in a line such as "    public static final int MAX_NAME = 40;" or "export const NAME_LIMIT = 40;"
constant() { # FILE NAME
  sed -n "s/.*[[:space:]]$2 = \([0-9][0-9]*\);.*/\1/p" "$1" | head -n 1
}

check_tools() {
  if has java; then
    version="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
    if [[ "${version:-0}" -ge 17 ]]; then ok "Java $version"; else bad "Java ${version:-?} is older than 17" "install a JDK 17 or newer (e.g. Temurin 21)"; fi
  else
    bad "no java" "install a JDK 17 or newer (e.g. Temurin 21) and put it on the PATH"
  fi
  for tool in make git curl; do
    if has "$tool"; then ok "$tool"; else bad "no $tool" "install $tool with your system's package manager"; fi
  done
  if has aws; then
    cli="$(aws --version 2>&1 | head -n 1)" || true
    case "$cli" in
      aws-cli/2.*) ok "AWS CLI ${cli%% *} (for modules 4-8)" ;;
      aws-cli/1.*)
        ok "AWS CLI ${cli%% *} (for modules 4-8): version 1 reads the region from AWS_DEFAULT_REGION only; the make targets pass AWS_REGION on to it, for aws commands of your own set AWS_DEFAULT_REGION too (or install v2)" ;;
      *) bad "aws --version answers '${cli:-nothing}'" "install the AWS CLI v2 (https://docs.aws.amazon.com/cli/) and put it first on the PATH" ;;
    esac
  else
    echo "  - aws not found: needed from module 4 on (see 0-prerequisites.md)"
  fi
  if has gh; then ok "gh (for modules 4-8)"; else echo "  - gh not found: needed from module 4 on (see 0-prerequisites.md)"; fi
}

check_local_stack() {
  if page="$(curl -fsS --max-time 5 "$GATEWAY_URL/" 2>/dev/null)" && [[ "$page" == *'id="message-form"'* ]]; then
    ok "the site answers at $GATEWAY_URL"
  else
    bad "no site at $GATEWAY_URL" "start make run in another terminal and wait for 'Guestbook ready'"
    return
  fi
  if curl -fsS --max-time 10 "$GATEWAY_URL/api/health" >/dev/null 2>&1; then ok "the function and its S3 server answer"
  else bad "GET /api/health fails" "look at make run's terminal for an error; make clean-data starts the data afresh"; fi
  messages="$(curl -fsS --max-time 10 "$GATEWAY_URL/api/messages?limit=1" 2>/dev/null || true)"
  if [[ "$messages" == *'"id"'* ]]; then ok "at least one message is stored"
  else bad "no message yet" "post one on the page ($GATEWAY_URL)"; fi
}

check_limits_agree() {
  local api page="src/site/js/validate.js"
  api="$(find src/main/java -name MessageRules.java | head -n 1)"
  for pair in "MAX_NAME NAME_LIMIT name" "MAX_TEXT TEXT_LIMIT text"; do
    read -r api_name page_name field <<< "$pair"
    api_value="$(constant "$api" "$api_name")"
    page_value="$(constant "$page" "$page_name")"
    if [[ -n "$api_value" && "$api_value" == "$page_value" ]]; then
      ok "the API and the page agree: $field up to $api_value characters"
    else
      bad "the $field limit is ${api_value:-?} in the API ($api) but ${page_value:-?} in the page ($page)" \
        "change both, and the tests that name the old limit"
    fi
  done
}

check_trust_intact() {
  if git diff --quiet -- infra/github-oidc.yaml; then ok "infra/github-oidc.yaml is as committed"
  else bad "infra/github-oidc.yaml still has your change" "put the trust back: git checkout infra/github-oidc.yaml"; fi
}

stack_status() { # STACK: its status, or "missing"
  local out
  if out="$(aws cloudformation describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' --output text 2>&1)"; then
    echo "$out"
  elif [[ "$out" == *"does not exist"* ]]; then
    echo missing
  else
    fail "cannot ask CloudFormation about $1: $out"
  fi
}

case "$step" in
  0)
    echo "Module 0: the tools"
    check_tools ;;
  1)
    echo "Module 1: the app runs locally"
    check_local_stack ;;
  2)
    echo "Module 2: your change is complete"
    check_limits_agree
    # Every test that names a limit: the unit tests, the function's, and the page's (skipped without Chromium).
    maven_tests "the tests the change touches" "MessageRulesTest,MessageInputTest,RouterTest,MessageIdsTest,GuestbookFunctionTest,GuestbookPageE2ETest,PageAccessibilityE2ETest" ;;
  3)
    echo "Module 3: the trust holds"
    check_trust_intact
    maven_tests "the trust scenarios" "TrustMatrixTest,PrivilegeMatrixTest" ;;
  4)
    echo "Module 4: the trust stack and GitHub"
    : "${AWS_REGION:?Set AWS_REGION}"
    status="$(stack_status "$APP_NAME-github-oidc")"
    if [[ "$status" == *_COMPLETE && "$status" != DELETE* ]]; then ok "stack $APP_NAME-github-oidc: $status"
    else bad "stack $APP_NAME-github-oidc: $status" "make bootstrap AWS_REGION=$AWS_REGION"; fi
    if has gh && gh variable list --env production 2>/dev/null | grep -q '^AWS_ROLE_ARN'; then ok "the production environment has AWS_ROLE_ARN"
    else bad "no AWS_ROLE_ARN on the production environment" "make github-setup AWS_REGION=$AWS_REGION"; fi
    if trust="$(infra/scripts/check-trust.sh 2>&1)"; then ok "the trust matches the subject GitHub issues"
    else bad "the trust does not match what GitHub issues: ${trust##*: }" "make bootstrap AWS_REGION=$AWS_REGION"; fi ;;
  5)
    echo "Module 5: deployed"
    : "${AWS_REGION:?Set AWS_REGION}"
    url="$(stack_output "$APP_NAME" SiteUrl)"
    if infra/scripts/smoke.sh "$url" "" >/dev/null 2>&1; then ok "$url answers: page, API and health"
    else bad "$url does not pass the smoke test" "look at the Deploy workflow's run; CloudFront needs a few minutes the first time"; fi ;;
  6)
    echo "Module 6: observed"
    : "${AWS_REGION:?Set AWS_REGION}"
    streams="$(aws logs describe-log-streams --log-group-name "/aws/lambda/$APP_NAME-function" --max-items 1 \
      --query 'logStreams[0].logStreamName' --output text 2>/dev/null || echo None)"
    if [[ -n "$streams" && "$streams" != "None" ]]; then ok "the function has logs"
    else bad "no logs of the function yet" "open the site once, then look again"; fi
    # The broken version of step 5: its release failed (CodeDeploy rolled it back), and the fix is live.
    rolled_back="$(aws cloudformation describe-stack-events --stack-name "$APP_NAME" --max-items 500 \
      --query "StackEvents[?LogicalResourceId=='LiveAlias' && ResourceStatus=='UPDATE_FAILED'] | [0].Timestamp" --output text)"
    if [[ -n "$rolled_back" && "$rolled_back" != "None" ]]; then ok "a release was rolled back ($rolled_back)"
    else bad "no release of the live alias was rolled back yet" "do step 5: push the broken health check, then send requests while it is released"; fi
    live="$(stack_output "$APP_NAME" LiveVersion)"
    newest="$(stack_output "$APP_NAME" FunctionVersion)"
    if [[ "$live" == "$newest" ]]; then ok "the newest version ($newest) is live: the fix went out"
    else bad "version $live is live, the newest is $newest" "push the revert of step 6 and wait for its release"; fi ;;
  7)
    echo "Module 7: yours"
    if [[ "$DEFAULT_APP_NAME" != "guestbook" ]]; then ok "renamed to $DEFAULT_APP_NAME"
    else bad "still called guestbook" "make rename NAME=... PACKAGE=... on a clean tree, then commit"; fi ;;
  8)
    echo "Module 8: cleaned up"
    : "${AWS_REGION:?Set AWS_REGION}"
    status="$(stack_status "$APP_NAME")"
    if [[ "$status" == missing ]]; then ok "no app stack $APP_NAME: nothing left that costs"
    else bad "the app stack $APP_NAME is still there ($status)" "run the Destroy workflow, or make destroy AWS_REGION=$AWS_REGION"; fi ;;
  *) fail "STEP must be a module number from 0 to 8, not '$step' (see docs/workshop/README.md)." ;;
esac

if [[ "$problems" -gt 0 ]]; then
  echo "Module $step: $problems thing(s) to fix (see → above)."
  exit 1
fi
echo "Module $step: all good."
