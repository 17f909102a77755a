#!/usr/bin/env bash
# make delete-message ID=...: removes one message from the deployed guestbook, for its owner.
# Runs with your own AWS credentials: the function's role cannot delete, so neither can a visitor.
# Needs AWS_REGION; APP_NAME (guestbook) names the app stack. DATA_BUCKET skips the stack lookup;
# S3_ENDPOINT_URL points the AWS CLI at another S3 API (the tests' local server).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
id="${1:-}"
[[ "$id" =~ ^[0-9]{13}-[0-9a-f]{12}$ ]] ||
  fail "ID must be a message id such as 8204052078658-821c191c618e (make list-messages shows them), not '$id'."
data_bucket_access
key="messages/$id.json"

# Only an existing message is deleted, and any answer but "not found" stops here.
if ! problem="$(aws s3api head-object "${endpoint[@]}" --bucket "$bucket" --key "$key" 2>&1 >/dev/null)"; then
  if [[ "$problem" == *"Not Found"* || "$problem" == *"404"* ]]; then
    fail "there is no message $id in s3://$bucket."
  fi
  fail "cannot check s3://$bucket/$key: $problem"
fi
aws s3api delete-object "${endpoint[@]}" --bucket "$bucket" --key "$key" >/dev/null
echo "Deleted message $id from s3://$bucket."
