#!/usr/bin/env bash
# make destroy: empties the app's buckets and deletes the app stack, so nothing is left that
# costs money. The trust stack from make bootstrap stays; delete it by hand if you want.
set -euo pipefail

APP_NAME="${APP_NAME:-guestbook}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION

if ! aws cloudformation describe-stacks --stack-name "$APP_NAME" >/dev/null 2>&1; then
  echo "No stack $APP_NAME in $AWS_REGION: nothing to destroy."
  exit 0
fi
for output in SiteBucketName DataBucketName; do
  bucket="$(aws cloudformation describe-stacks --stack-name "$APP_NAME" \
    --query "Stacks[0].Outputs[?OutputKey=='$output'].OutputValue" --output text)"
  if [[ -n "$bucket" && "$bucket" != "None" ]]; then
    aws s3 rm "s3://$bucket" --recursive --only-show-errors
    echo "emptied $bucket"
  fi
done
aws cloudformation delete-stack --stack-name "$APP_NAME"
aws cloudformation wait stack-delete-complete --stack-name "$APP_NAME"
echo "deleted the stack $APP_NAME"
