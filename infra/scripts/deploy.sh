#!/usr/bin/env bash
# make deploy: the one deploy path, for the workflow and for a person with AWS credentials.
#   1. upload target/function.zip under a content-addressed key (function/SHA256.zip), unless
#      that key is already there;
#   2. deploy infra/app.yaml with CloudFormation, through the execution role of the trust stack
#      (an unchanged stack is not an error, and the same zip publishes no new version);
#   3. publish src/site (infra/scripts/publish-site.sh) and invalidate what changed.
# Needs: AWS_REGION; APP_NAME (guestbook) must match make bootstrap's.
set -euo pipefail

APP_NAME="${APP_NAME:-guestbook}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
zip="target/function.zip"
[[ -f "$zip" ]] || { echo "deploy: $zip is missing; run make package first." >&2; exit 1; }

output() { # stack, output key
  aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text
}

trust_stack="${APP_NAME}-github-oidc"
artifact_bucket="$(output "$trust_stack" ArtifactBucketName)"
execution_role="$(output "$trust_stack" CloudFormationExecutionRoleArn)"

sha_hex="$(sha256sum "$zip" | cut -d' ' -f1)"
sha_base64="$(openssl dgst -sha256 -binary "$zip" | base64)"
key="function/$sha_hex.zip"
if aws s3api head-object --bucket "$artifact_bucket" --key "$key" >/dev/null 2>&1; then
  echo "function $key already uploaded"
else
  aws s3api put-object --bucket "$artifact_bucket" --key "$key" --body "$zip" >/dev/null
  echo "uploaded function $key"
fi

aws cloudformation deploy \
  --stack-name "$APP_NAME" \
  --template-file infra/app.yaml \
  --role-arn "$execution_role" \
  --capabilities CAPABILITY_NAMED_IAM \
  --no-fail-on-empty-changeset \
  --parameter-overrides \
  "AppName=$APP_NAME" \
  "ArtifactBucket=$artifact_bucket" \
  "CodeKey=$key" \
  "CodeSha256=$sha_base64"

infra/scripts/publish-site.sh src/site "$(output "$APP_NAME" SiteBucketName)" "$(output "$APP_NAME" DistributionId)"

site_url="$(output "$APP_NAME" SiteUrl)"
echo "Site: $site_url (function version $(output "$APP_NAME" FunctionVersion))"
# In GitHub Actions: the environment's URL and the job summary.
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "site_url=$site_url" >> "$GITHUB_OUTPUT"; fi
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  echo "Deployed commit \`${BUILD_COMMIT:-unknown}\` to $site_url" >> "$GITHUB_STEP_SUMMARY"
fi
