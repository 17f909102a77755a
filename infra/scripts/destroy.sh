#!/usr/bin/env bash
# make destroy: empties the app's buckets and deletes the app stack, so nothing is left that
# costs money. The trust stack from make bootstrap stays; delete it by hand if you want.
# Every AWS call here must be allowed to the deploy role (DeployPathPermissionsTest).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION

if ! stack_exists "$APP_NAME"; then
  echo "No stack $APP_NAME in $AWS_REGION: nothing to destroy."
  exit 0
fi
status="$(aws cloudformation describe-stacks --stack-name "$APP_NAME" --query 'Stacks[0].StackStatus' --output text)"

# A stack whose first create was rolled back has no outputs and no buckets left.
if [[ "$status" != "ROLLBACK_COMPLETE" ]]; then
  for output in SiteBucketName DataBucketName; do
    bucket="$(stack_output "$APP_NAME" "$output")"
    aws s3 rm "s3://$bucket" --recursive --only-show-errors
    echo "emptied $bucket"
  done
fi
aws cloudformation delete-stack --stack-name "$APP_NAME"
aws cloudformation wait stack-delete-complete --stack-name "$APP_NAME"
echo "deleted the stack $APP_NAME"
