#!/usr/bin/env bash
# make deploy: the one deploy path, for the workflow and for a person with AWS credentials.
#   1. upload target/function.zip under a content-addressed key (function/SHA256.zip), unless
#      that key is already there;
#   2. deploy infra/app.yaml with CloudFormation, through the execution role of the trust stack
#      (an unchanged stack is not an error, and the same zip publishes no new version);
#   3. publish src/site (infra/scripts/publish-site.sh) and invalidate what changed.
# Needs: AWS_REGION; APP_NAME (guestbook) must match make bootstrap's. Optional:
# RESERVED_CONCURRENCY (empty: none), see the README.
# Every AWS call here must be allowed to the deploy role: DeployPathPermissionsTest checks each
# one against the role's policy in infra/github-oidc.yaml.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-guestbook}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
zip="target/function.zip"
[[ -f "$zip" ]] || fail "$zip is missing; run make package first."

trust_stack="${APP_NAME}-github-oidc"
artifact_bucket="$(stack_output "$trust_stack" ArtifactBucketName)"
execution_role="$(stack_output "$trust_stack" CloudFormationExecutionRoleArn)"
site_signing="$(stack_output "$trust_stack" SiteOriginAccessControlId)"
function_signing="$(stack_output "$trust_stack" FunctionOriginAccessControlId)"
security_headers="$(stack_output "$trust_stack" SecurityHeadersPolicyId)"

sha_hex="$(sha256sum "$zip")"
sha_hex="${sha_hex%% *}"
# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
sha_base64="$(openssl dgst -sha256 -binary "$zip" | base64)"
key="function/$sha_hex.zip"
# 404 means "not uploaded yet"; any other error (no permission, no bucket) must stop the deploy.
if head_error="$(aws s3api head-object --bucket "$artifact_bucket" --key "$key" 2>&1 >/dev/null)"; then
  echo "function $key already uploaded"
elif [[ "$head_error" == *"Not Found"* || "$head_error" == *"404"* ]]; then
  aws s3api put-object --bucket "$artifact_bucket" --key "$key" --body "$zip" >/dev/null
  echo "uploaded function $key"
else
  fail "cannot check s3://$artifact_bucket/$key: $head_error"
fi

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
  "CodeKey=$key" \
  "CodeSha256=$sha_base64" \
  "ReservedConcurrency=${RESERVED_CONCURRENCY:-}"; then
  echo "The stack $APP_NAME did not deploy. Its latest failures:" >&2
  aws cloudformation describe-stack-events --stack-name "$APP_NAME" --max-items 40 \
    --query "StackEvents[?contains(ResourceStatus, 'FAILED')].[Timestamp, LogicalResourceId, ResourceStatusReason]" \
    --output text >&2 || true
  exit 1
fi

site_bucket="$(stack_output "$APP_NAME" SiteBucketName)"
distribution="$(stack_output "$APP_NAME" DistributionId)"
infra/scripts/publish-site.sh src/site "$site_bucket" "$distribution"

site_url="$(stack_output "$APP_NAME" SiteUrl)"
version="$(stack_output "$APP_NAME" FunctionVersion)"
echo "Site: $site_url (function version $version)"
# In GitHub Actions: the environment's URL and the job summary.
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "site_url=$site_url" >> "$GITHUB_OUTPUT"; fi
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  echo "Deployed commit \`${BUILD_COMMIT:-unknown}\` to $site_url" >> "$GITHUB_STEP_SUMMARY"
fi
