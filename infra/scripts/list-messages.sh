#!/usr/bin/env bash
# make list-messages [COUNT=20]: the newest messages of the deployed guestbook, one JSON object per
# line (id, name, text, createdAt), with your own AWS credentials. The ids are what
# make delete-message takes.
# Needs AWS_REGION; APP_NAME (guestbook) names the app stack. DATA_BUCKET skips the stack lookup;
# S3_ENDPOINT_URL points the AWS CLI at another S3 API (the tests' local server).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
count="${COUNT:-20}"
[[ "$count" =~ ^[1-9][0-9]{0,3}$ ]] || fail "COUNT must be a whole number from 1 to 9999, not '$count'."
data_bucket_access
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The keys sort newest first (see MessageIds), so the first COUNT keys are the newest messages;
# one download fetches them all (the CLI runs the transfers in parallel), then they print in order.
aws s3api list-objects-v2 "${endpoint[@]}" --bucket "$bucket" --prefix messages/ \
  --max-items "$count" --query 'Contents[].Key' --output text >"$work/listing"
tr '\t' '\n' <"$work/listing" | grep -E '^messages/.+\.json$' >"$work/keys" || true
includes=()
while read -r key; do includes+=(--include "${key#messages/}"); done <"$work/keys"
if ((${#includes[@]} > 0)); then
  aws s3 cp "${endpoint[@]}" --only-show-errors --recursive --exclude '*' "${includes[@]}" \
    "s3://$bucket/messages/" "$work/messages/"
fi
shown=0
while read -r key; do
  cat "$work/$key"
  echo
  shown=$((shown + 1))
done <"$work/keys"
echo "$shown message(s) from s3://$bucket, newest first." >&2
