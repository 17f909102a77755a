#!/usr/bin/env bash
# make deploy: the one deploy path, for the workflow and for a person with AWS credentials.
#   1. name the package by its inputs (target/function.inputs, written by make package, checked
#      against this working tree) and upload target/function.zip under that name with its
#      CodeSha256 as object metadata, unless the name is already there: then nothing is uploaded
#      and the stored CodeSha256 is deployed, so a rebuild of the same inputs changes nothing;
#   2. deploy infra/app.yaml with CloudFormation, through the execution role of the trust stack
#      (an unchanged stack is not an error; a new version is published exactly when the code or
#      the function's configuration changes), the live alias staying where it is;
#   3. a new version answers GET /api/info directly (check-version.sh), and only then CodeDeploy
#      shifts the live alias to it by RELEASE_STRATEGY, rolling back on an alarm (docs/releases.md);
#   4. keep the site and a record of the release (make rollback), delete all but the newest
#      KEEP_VERSIONS (5) versions, publish src/site (infra/scripts/publish-site.sh) and invalidate.
# Needs: AWS_REGION; APP_NAME (guestbook) must match make bootstrap's. Optional:
# RESERVED_CONCURRENCY (empty: none), MEMORY_SIZE (1024), DOMAIN_NAME and CERTIFICATE_ARN (your own
# domain, see docs/deploy.md), ALARM_EMAIL (who hears of alarms), POSTS_PER_MINUTE (60) and
# POSTS_PER_MINUTE_PER_VISITOR (10) (the write limit of one instance, docs/public.md),
# TRAFFIC_ALARM_THRESHOLD (3000 requests in 5 minutes), RELEASE_STRATEGY (Canary10Percent5Minutes, or
# AllAtOnce, ... as infra/app.yaml's ReleaseStrategy), KEEP_VERSIONS (5); BUILD_COMMIT (the workflow's
# commit; else this checkout's HEAD).
# Every AWS call here must be allowed to the deploy role: DeployPathPermissionsTest checks each
# one against the role's policy in infra/github-oidc.yaml.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
keep_versions="${KEEP_VERSIONS:-5}"
if [[ ! "$keep_versions" =~ ^[0-9]+$ ]] || ((keep_versions < 2)); then
  fail "KEEP_VERSIONS must be a whole number of at least 2 (a rollback needs a version before the live one), not '$keep_versions'."
fi
zip="target/function.zip"
inputs="target/function.inputs"
[[ -f "$zip" && -f "$inputs" ]] || fail "$zip or $inputs is missing; run make package first."

# The package must have been built from exactly these sources.
built_with="$(sed -n 's/^jdk //p' "$inputs")"
current_inputs="$(infra/scripts/package-inputs.sh "$built_with")"
recorded_inputs="$(< "$inputs")"
if [[ "$current_inputs" != "$recorded_inputs" ]]; then
  fail "$zip was built from other sources than this working tree's; run make package again. Built from:
$recorded_inputs
This tree:
$current_inputs"
fi
# keep_artifact KEY: no tags on the package, so the lifecycle rule never expires it.
keep_artifact() {
  aws s3api put-object-tagging --bucket "$artifact_bucket" --key "$1" --tagging '{"TagSet": []}'
}

key_hex="$(sha256sum < "$inputs")"
key="function/${key_hex%% *}.zip"

if [[ -z "${BUILD_COMMIT:-}" ]]; then
  BUILD_COMMIT="$(git rev-parse HEAD)"
  changes="$(git status --porcelain)"
  if [[ -n "$changes" ]]; then BUILD_COMMIT="$BUILD_COMMIT-dirty"; fi
fi
commit_time="$(TZ=UTC git show -s --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ "${BUILD_COMMIT%-dirty}" 2>/dev/null)" ||
  commit_time=unknown

trust_stack="${APP_NAME}-github-oidc"
artifact_bucket="$(stack_output "$trust_stack" ArtifactBucketName)"
execution_role="$(stack_output "$trust_stack" CloudFormationExecutionRoleArn)"
site_signing="$(stack_output "$trust_stack" SiteOriginAccessControlId)"
function_signing="$(stack_output "$trust_stack" FunctionOriginAccessControlId)"
security_headers="$(stack_output "$trust_stack" SecurityHeadersPolicyId)"
messages_cache="$(stack_output "$trust_stack" MessagesCachePolicyId)"
release_role="$(stack_output "$trust_stack" ReleaseRoleArn)"
release_strategy="${RELEASE_STRATEGY:-Canary10Percent5Minutes}"

# The Function resource as the AWS CLI reads the template (its own CloudFormation YAML reader:
# short-form tags become Ref and Fn::*), as JSON with sorted keys: comments, layout, key order and
# the other resources do not count, and any changed value does, publishing a new version (see
# FunctionVersion in infra/app.yaml). `cloudformation package` uploads only properties that name a
# local file; the template has none (the Function's Code is S3Bucket and S3Key), so it calls no AWS API.
aws cloudformation package --template-file infra/app.yaml --s3-bucket "$artifact_bucket" \
  --use-json --output-template-file target/app.packaged.json >/dev/null
function_resource="$(jq -S -c '.Resources.Function // empty' target/app.packaged.json)"
[[ -n "$function_resource" ]] || fail "infra/app.yaml has no Function resource."
config_hex="$(sha256sum <<< "$function_resource")"

# The app stack's state decides whether it can be deployed at all: `aws cloudformation deploy`
# updates every existing stack but one in REVIEW_IN_PROGRESS, and CloudFormation refuses to update
# a stack whose first create was rolled back, so without this every later deploy would fail too.
status="$(stack_status "$APP_NAME")"
case "$status" in
  NONE | CREATE_COMPLETE | UPDATE_COMPLETE | UPDATE_ROLLBACK_COMPLETE | IMPORT_COMPLETE | IMPORT_ROLLBACK_COMPLETE) ;;
  ROLLBACK_COMPLETE | REVIEW_IN_PROGRESS)
    echo "The stack $APP_NAME was never created ($status): its first create failed and was rolled back, or was" \
      "never executed, so it holds no resources and cannot be updated. What failed last time:" >&2
    print_last_failures "$APP_NAME"
    echo "Deleting the empty stack $APP_NAME, then deploying it anew." >&2
    aws cloudformation delete-stack --stack-name "$APP_NAME"
    aws cloudformation wait stack-delete-complete --stack-name "$APP_NAME" ||
      fail "the empty stack $APP_NAME could not be deleted; see its events in the CloudFormation console." ;;
  UPDATE_ROLLBACK_FAILED)
    echo "The stack $APP_NAME is in UPDATE_ROLLBACK_FAILED: an update failed, and so did rolling it back. What failed:" >&2
    print_last_failures "$APP_NAME"
    fail "nothing can deploy until the rollback is finished. An administrator (not the deploy role) runs:
  aws cloudformation continue-update-rollback --stack-name $APP_NAME --role-arn $execution_role --region $AWS_REGION
(add --resources-to-skip LOGICAL_ID for a resource named above that cannot go back), waits for
UPDATE_ROLLBACK_COMPLETE, and then make deploy runs again." ;;
  *_IN_PROGRESS)
    fail "the stack $APP_NAME is $status: another deploy or destroy is running. Wait until it ends, then deploy again." ;;
  *)
    echo "What failed:" >&2
    print_last_failures "$APP_NAME"
    fail "the stack $APP_NAME is in $status, which cannot be deployed: make destroy, then make deploy." ;;
esac

# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
zip_sha_base64="$(openssl dgst -sha256 -binary "$zip" | base64)"
# 404 means "not uploaded yet"; any other error (no permission, no bucket) must stop the deploy.
if stored="$(aws s3api head-object --bucket "$artifact_bucket" --key "$key" \
  --query 'Metadata."code-sha256"' --output text 2>&1)"; then
  if [[ "$stored" =~ ^[A-Za-z0-9+/]{43}=$ ]]; then
    code_sha="$stored"
    echo "package $key already uploaded, built from the same inputs: nothing uploaded, deploying CodeSha256 $code_sha"
  else
    code_sha=""
    echo "package $key has no CodeSha256 recorded with it: uploading it again"
  fi
elif [[ "$stored" == *"Not Found"* || "$stored" == *"404"* ]]; then
  code_sha=""
  echo "package $key is new: these inputs were never uploaded"
else
  fail "cannot check s3://$artifact_bucket/$key: $stored"
fi
# The package the stack uses now is the one a failed update rolls back to: it must stay.
previous_key=""
if [[ "$status" != "NONE" && "$status" != "ROLLBACK_COMPLETE" && "$status" != "REVIEW_IN_PROGRESS" ]]; then
  previous_key="$(aws cloudformation describe-stacks --stack-name "$APP_NAME" \
    --query "Stacks[0].Parameters[?ParameterKey=='CodeKey'].ParameterValue" --output text)"
  [[ "$previous_key" == "None" ]] && previous_key=""
fi
if [[ -z "$code_sha" ]]; then
  aws s3api put-object --bucket "$artifact_bucket" --key "$key" --body "$zip" \
    --metadata "code-sha256=$zip_sha_base64" >/dev/null
  code_sha="$zip_sha_base64"
  echo "uploaded $zip as $key (CodeSha256 $code_sha)"
else
  # A package deployed again may have been marked superseded since: it is live from now on.
  keep_artifact "$key"
fi

# deploy_stack LIVE: the app stack from infra/app.yaml, its live alias on version LIVE (empty: the
# version this deploy publishes). The same inputs twice give the same parameters, so nothing changes.
deploy_stack() {
  if ! aws cloudformation deploy \
    --stack-name "$APP_NAME" \
    --template-file infra/app.yaml \
    --role-arn "$execution_role" \
    --capabilities CAPABILITY_NAMED_IAM \
    --no-fail-on-empty-changeset \
    --parameter-overrides \
    "AppName=$APP_NAME" \
    "ArtifactBucket=$artifact_bucket" \
    "SiteOriginAccessControlId=$site_signing" \
    "FunctionOriginAccessControlId=$function_signing" \
    "SecurityHeadersPolicyId=$security_headers" \
    "MessagesCachePolicyId=$messages_cache" \
    "ReleaseRoleArn=$release_role" \
    "ReleaseStrategy=$release_strategy" \
    "LiveVersion=$1" \
    "CodeKey=$key" \
    "CodeSha256=$code_sha" \
    "PackageDigest=$package_digest" \
    "FunctionConfigDigest=${config_hex:0:16}" \
    "Commit=$BUILD_COMMIT" \
    "CommitTime=$commit_time" \
    "MemorySize=${MEMORY_SIZE:-1024}" \
    "DomainName=${DOMAIN_NAME:-}" \
    "CertificateArn=${CERTIFICATE_ARN:-}" \
    "AlarmEmail=${ALARM_EMAIL:-}" \
    "ReservedConcurrency=${RESERVED_CONCURRENCY:-}" \
    "PostsPerMinute=${POSTS_PER_MINUTE:-60}" \
    "PostsPerMinutePerVisitor=${POSTS_PER_MINUTE_PER_VISITOR:-10}" \
    "TrafficAlarmThreshold=${TRAFFIC_ALARM_THRESHOLD:-3000}"; then
    echo "The stack $APP_NAME did not deploy. What failed:" >&2
    print_last_failures "$APP_NAME"
    if [[ -n "$1" && "$1" != "$live_before" ]]; then
      fail "the release of version $1 was stopped and the live alias is back on version $live_before: an alarm went off
(or CodeDeploy failed) while the new version had a share of the traffic. See docs/releases.md (\"When a release rolls
back\"); the next make deploy starts from the state this left."
    fi
    fail "see docs/trust.md (\"When the first deploy fails\"); the next make deploy starts from the state this left."
  fi
}

# The same digest in hex, as GitHub's artifact attestation of the package names it.
# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
package_digest="$(base64 -d <<< "$code_sha" | od -An -v -tx1 | tr -d ' \n')"

# The site of this deploy, kept under the name of its contents for make rollback.
site_key="$(infra/scripts/keep-site.sh src/site "$artifact_bucket")"

# A new version gets traffic only after it answered: first it is published with the alias where it is,
# then checked directly, then CodeDeploy gives it the alias (ReleaseStrategy). A first deploy has no
# version to keep, so its alias takes the new version at once.
live_before=""
if [[ "$status" != "NONE" && "$status" != "ROLLBACK_COMPLETE" && "$status" != "REVIEW_IN_PROGRESS" ]]; then
  live_before="$(aws cloudformation describe-stacks --stack-name "$APP_NAME" \
    --query "Stacks[0].Outputs[?OutputKey=='LiveVersion'].OutputValue" --output text)"
  # A stack from before releases had no LiveVersion: its alias served FunctionVersion.
  if [[ -z "$live_before" || "$live_before" == "None" ]]; then live_before="$(stack_output "$APP_NAME" FunctionVersion)"; fi
fi
deploy_stack "$live_before"
function_name="$(stack_output "$APP_NAME" FunctionName)"
newest="$(stack_output "$APP_NAME" FunctionVersion)"
if [[ -z "$live_before" ]]; then
  infra/scripts/check-version.sh "$function_name" "$newest" "$BUILD_COMMIT" ||
    fail "version $newest, the first, is live but does not answer as it should. Fix and deploy again."
  # From now on the alias names its version, so that the same package deployed again passes the
  # same parameters (the alias stays where it is: nothing is published or shifted).
  live_before="$newest"
  deploy_stack "$newest"
  echo "first deploy: version $newest is live"
elif [[ "$newest" == "$live_before" ]]; then
  echo "no new function version: version $newest stays live, no release"
else
  infra/scripts/check-version.sh "$function_name" "$newest" "$BUILD_COMMIT" ||
    fail "version $newest is published but gets no traffic: version $live_before stays live. Fix and deploy again."
  echo "releasing version $newest ($release_strategy; version $live_before serves the rest until then)"
  deploy_stack "$newest"
  echo "version $newest is live"
fi
infra/scripts/keep-release.sh "$artifact_bucket" "$newest" "$key" "$code_sha" "$site_key" "$BUILD_COMMIT"
live="$(stack_output "$APP_NAME" LiveVersion)"
infra/scripts/prune-versions.sh "$function_name" "$artifact_bucket" "$keep_versions" "$live"

# Every other package may go now: the artifact bucket's lifecycle rule deletes those tagged superseded
# after 7 days (infra/github-oidc.yaml). The live one and the one before it stay, untagged.
listed="$(aws s3api list-objects-v2 --bucket "$artifact_bucket" --prefix function/ --query 'Contents[].Key' --output text)"
for old_key in $listed; do
  [[ "$old_key" == "None" || "$old_key" == "$key" || "$old_key" == "$previous_key" ]] && continue
  # A package the lifecycle rule deleted since the listing needs no tag; any other error stops.
  if ! tagged="$(aws s3api put-object-tagging --bucket "$artifact_bucket" --key "$old_key" \
    --tagging '{"TagSet": [{"Key": "superseded", "Value": "true"}]}' 2>&1)"; then
    [[ "$tagged" == *NoSuchKey* ]] || fail "cannot mark s3://$artifact_bucket/$old_key superseded: $tagged"
  fi
done

site_bucket="$(stack_output "$APP_NAME" SiteBucketName)"
distribution="$(stack_output "$APP_NAME" DistributionId)"
infra/scripts/publish-site.sh src/site "$site_bucket" "$distribution"

site_url="$(stack_output "$APP_NAME" SiteUrl)"
echo "Site: $site_url (function version $newest)"
# In GitHub Actions: the environment's URL and the job summary.
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "site_url=$site_url" >> "$GITHUB_OUTPUT"; fi
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  echo "Deployed commit \`${BUILD_COMMIT:-unknown}\` to $site_url" >> "$GITHUB_STEP_SUMMARY"
fi
