#!/usr/bin/env bash
# make rollback [VERSION=n]: the live alias back to the version before the live one (or to version n,
# any the deploy kept), all at once, and the site of that version published again from the artifact
# bucket (keep-site.sh kept it; no rebuild). Through the app stack, as a deploy: CloudFormation
# updates the alias (ReleaseStrategy AllAtOnce for this change) with the template and every other
# parameter as they are, so the stack never drifts from what serves. The next make deploy releases
# the newest version again, gradually. Needs AWS_REGION; APP_NAME as for make deploy.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
wanted="${1:-}"
if [[ -n "$wanted" && ! "$wanted" =~ ^[1-9][0-9]{0,9}$ ]]; then
  fail "VERSION must be a function version number (make rollback VERSION=7), not '$wanted'."
fi

trust_stack="${APP_NAME}-github-oidc"
artifact_bucket="$(stack_output "$trust_stack" ArtifactBucketName)"
execution_role="$(stack_output "$trust_stack" CloudFormationExecutionRoleArn)"
status="$(stack_status "$APP_NAME")"
case "$status" in
  CREATE_COMPLETE | UPDATE_COMPLETE | UPDATE_ROLLBACK_COMPLETE) ;;
  NONE) fail "there is no stack $APP_NAME in $AWS_REGION: nothing is deployed to roll back." ;;
  *_IN_PROGRESS) fail "the stack $APP_NAME is $status: a deploy is running (it rolls itself back if its alarms fire). Wait until it ends." ;;
  *) fail "the stack $APP_NAME is in $status; see make deploy's message for that state." ;;
esac
function_name="$(stack_output "$APP_NAME" FunctionName)"
live="$(stack_output "$APP_NAME" LiveVersion)"

listed="$(aws lambda list-versions-by-function --function-name "$function_name" --query 'Versions[].Version' --output text)"
# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
versions="$(tr '\t' '\n' <<< "$listed" | grep -E '^[0-9]+$' | sort -n | paste -sd ' ' || true)"
if [[ -z "$wanted" ]]; then
  for version in $versions; do
    ((version < live)) && wanted="$version"
  done
  [[ -n "$wanted" ]] || fail "no version before the live one ($live) is kept: versions $versions. Name one: make rollback VERSION=n."
fi
[[ " $versions " == *" $wanted "* ]] || fail "there is no version $wanted of $function_name; the kept versions are: $versions."
if [[ "$wanted" == "$live" ]]; then
  echo "version $wanted is live already: nothing to do"
  exit 0
fi

# What that version was deployed with: its commit (to check it) and its site.
record="$(mktemp)"
archive="$(mktemp)"
site="$(mktemp -d)"
trap 'rm -rf "$record" "$archive" "$site"' EXIT
commit="" site_key=""
if read_object "$artifact_bucket" "releases/$wanted" "$record"; then
  commit="$(sed -n 's/^commit //p' "$record")"
  site_key="$(sed -n 's/^site //p' "$record")"
else
  echo "warning: no release record of version $wanted (deployed before make deploy kept them): the site stays as it is" >&2
fi
infra/scripts/check-version.sh "$function_name" "$wanted" "${commit:-any}" ||
  fail "version $wanted does not answer as it should; the live alias stays on version $live."

echo "moving the live alias from version $live to version $wanted (all at once)"
parameters=()
keys="$(aws cloudformation describe-stacks --stack-name "$APP_NAME" --query 'Stacks[0].Parameters[].ParameterKey' --output text)"
for parameter in $keys; do
  case "$parameter" in
    LiveVersion | ReleaseStrategy) ;;
    *) parameters+=("ParameterKey=$parameter,UsePreviousValue=true") ;;
  esac
done
parameters+=("ParameterKey=LiveVersion,ParameterValue=$wanted" "ParameterKey=ReleaseStrategy,ParameterValue=AllAtOnce")
change_set="rollback-to-$wanted-$(date -u +%Y%m%d%H%M%S)"
aws cloudformation create-change-set --stack-name "$APP_NAME" --change-set-name "$change_set" \
  --use-previous-template --role-arn "$execution_role" --capabilities CAPABILITY_NAMED_IAM \
  --parameters "${parameters[@]}" >/dev/null
aws cloudformation wait change-set-create-complete --stack-name "$APP_NAME" --change-set-name "$change_set" ||
  fail "CloudFormation could not prepare the rollback (change set $change_set of $APP_NAME); see it in the console."
aws cloudformation execute-change-set --stack-name "$APP_NAME" --change-set-name "$change_set"
if ! aws cloudformation wait stack-update-complete --stack-name "$APP_NAME"; then
  echo "The rollback did not complete. What failed:" >&2
  print_last_failures "$APP_NAME"
  now_live="$(stack_output "$APP_NAME" LiveVersion)"
  fail "the live alias stays where CloudFormation left it: version $now_live."
fi
echo "version $wanted is live${commit:+ (commit $commit)}"

if [[ -n "$site_key" ]]; then
  read_object "$artifact_bucket" "$site_key" "$archive" ||
    fail "version $wanted is live, but its kept site $site_key is gone: the site stays as it is (make deploy publishes the newest)."
  tar -xzf "$archive" -C "$site"
  site_bucket="$(stack_output "$APP_NAME" SiteBucketName)"
  distribution="$(stack_output "$APP_NAME" DistributionId)"
  echo "publishing the site of version $wanted ($site_key)"
  infra/scripts/publish-site.sh "$site" "$site_bucket" "$distribution"
fi
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  echo "Rolled back \`$APP_NAME\` from version $live to version $wanted${commit:+ (commit \`$commit\`)}" >> "$GITHUB_STEP_SUMMARY"
fi
echo "The next make deploy releases the newest version again, gradually."
