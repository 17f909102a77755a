#!/usr/bin/env bash
# check-version.sh FUNCTION VERSION COMMIT: before a new version gets any traffic, make deploy sends it
# GET /api/info directly (infra/scripts/pre-traffic-request.json, a Function URL event) and stops
# unless it answers 200 with the build's commit (COMMIT "any": with whatever commit it reports). A version that cannot start (a SnapStart restore
# that fails, a missing class, a wrong setting) fails here, where no visitor sees it.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

function_name="${1:?usage: check-version.sh FUNCTION VERSION COMMIT}"
version="${2:?usage: check-version.sh FUNCTION VERSION COMMIT}"
commit="${3:?usage: check-version.sh FUNCTION VERSION COMMIT}"
command -v jq >/dev/null || fail "jq is needed to read the version's answer (apt-get install jq, brew install jq)."
request="$(dirname "$0")/pre-traffic-request.json"
answer="$(mktemp)"
trap 'rm -f "$answer"' EXIT

error="$(aws lambda invoke --function-name "$function_name" --qualifier "$version" \
  --payload "fileb://$request" --query FunctionError --output text "$answer")" ||
  fail "cannot invoke version $version of $function_name (see the error above)."
if [[ "$error" != "None" ]]; then
  echo "version $version failed on GET /api/info ($error):" >&2
  jq -r '"  \(.errorType // "error"): \(.errorMessage // "")"' "$answer" >&2 || cat "$answer" >&2
  exit 1
fi
status="$(jq -r '.statusCode // "none"' "$answer")"
if [[ "$status" != "200" ]]; then
  body="$(jq -r '.body // ""' "$answer")"
  echo "version $version answered GET /api/info with $status: $body" >&2
  exit 1
fi
reported="$(jq -r '.body | fromjson | .commit // "none"' "$answer")" ||
  fail "version $version answered GET /api/info with a body that is not the build's info."
if [[ "$commit" != "any" && "$reported" != "$commit" ]]; then
  echo "version $version reports commit $reported, not $commit" >&2
  exit 1
fi
echo "version $version answers GET /api/info with commit $reported (checked before any traffic)"
