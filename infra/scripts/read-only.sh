#!/usr/bin/env bash
# make read-only / make read-write: the owner's off switch for posting. "on" puts the object
# settings/read-only into the data bucket, "off" removes it; the function refuses posts while it
# is there (within 10 seconds of a flip) and the page keeps showing the messages. No deploy, and
# a deploy does not undo it. Runs with your own AWS credentials: the function can only read it.
# Needs AWS_REGION; APP_NAME (guestbook) names the app stack. DATA_BUCKET skips the stack lookup;
# S3_ENDPOINT_URL points the AWS CLI at another S3 API (the tests' local server).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
state="${1:-}"
[[ "$state" == on || "$state" == off ]] || fail "say on or off, not '$state'."
data_bucket_access
key=settings/read-only

if [[ "$state" == on ]]; then
  since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'read-only since %s\n' "$since" |
    aws s3 cp "${endpoint[@]}" --only-show-errors --content-type text/plain - "s3://$bucket/$key"
  echo "The guestbook in s3://$bucket is read-only: posts are refused within 10 seconds. make read-write undoes it."
else
  aws s3api delete-object "${endpoint[@]}" --bucket "$bucket" --key "$key" >/dev/null
  echo "The guestbook in s3://$bucket takes posts again (within 10 seconds)."
fi
