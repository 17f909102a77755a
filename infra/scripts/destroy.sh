#!/usr/bin/env bash
# make destroy: empties the app's buckets and deletes the app stack, so nothing is left that
# costs money. The trust stack from make bootstrap stays; delete it by hand if you want.
# It can be run again from whatever a failed deploy or destroy left (a stack that was never
# created, buckets already gone, DELETE_FAILED), and does nothing once the stack is gone.
# Every AWS call here must be allowed to the deploy role (DeployPathPermissionsTest).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION

status="$(stack_status "$APP_NAME")"
case "$status" in
  NONE)
    echo "No stack $APP_NAME in $AWS_REGION: nothing to destroy."
    exit 0 ;;
  DELETE_IN_PROGRESS) echo "The stack $APP_NAME is being deleted already: waiting for it." ;;
  REVIEW_IN_PROGRESS | DELETE_FAILED | ROLLBACK_COMPLETE | ROLLBACK_FAILED | *_COMPLETE | UPDATE_ROLLBACK_FAILED) ;;
  *) fail "the stack $APP_NAME is $status: a deploy is running. Wait until it ends, then make destroy again." ;;
esac

if [[ "$status" != "DELETE_IN_PROGRESS" ]]; then
  # The buckets the stack still holds, whatever its state: a stack that was never created has none,
  # and the stack's outputs may be missing, so they come from its resources, not its outputs.
  buckets="$(aws cloudformation list-stack-resources --stack-name "$APP_NAME" \
    --query "StackResourceSummaries[?ResourceType=='AWS::S3::Bucket' && ResourceStatus!='DELETE_COMPLETE'].PhysicalResourceId" \
    --output text)"
  for bucket in $buckets; do
    [[ "$bucket" == "None" ]] && continue
    if emptied="$(aws s3 rm "s3://$bucket" --recursive --only-show-errors 2>&1)"; then
      echo "emptied $bucket"
    elif [[ "$emptied" == *NoSuchBucket* ]]; then
      echo "$bucket is gone already"
    else
      fail "cannot empty $bucket: $emptied"
    fi
  done
  aws cloudformation delete-stack --stack-name "$APP_NAME"
fi
if ! aws cloudformation wait stack-delete-complete --stack-name "$APP_NAME"; then
  echo "The stack $APP_NAME was not deleted. What failed:" >&2
  print_last_failures "$APP_NAME"
  fail "make destroy again empties what is left and retries the delete."
fi
echo "deleted the stack $APP_NAME"
