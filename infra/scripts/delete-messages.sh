#!/usr/bin/env bash
# make delete-messages SINCE=2h [NAME=...] [CONFIRM=yes]: removes every message posted within the
# last SINCE (90m, 2h, 3d), and/or every message whose name is exactly NAME, from the deployed
# guestbook. Without CONFIRM=yes it only counts and shows what it would remove. Keys are listed a
# thousand a call (ListObjectsV2), names are read in one parallel download, and deletions go a
# thousand keys a call (DeleteObjects). Runs with your own AWS credentials: the function cannot delete.
# Needs AWS_REGION; APP_NAME (guestbook) names the app stack. DATA_BUCKET skips the stack lookup;
# S3_ENDPOINT_URL points the AWS CLI at another S3 API (the tests' local server).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-$DEFAULT_APP_NAME}"
since="${SINCE:-}"
name="${NAME:-}"
[[ -n "$since" || -n "$name" ]] || fail "say which messages: SINCE=2h (90m, 3d) and/or NAME=exact name."
oldest_millis=0
if [[ -n "$since" ]]; then
  [[ "$since" =~ ^([1-9][0-9]{0,5})([mhd])$ ]] || fail "SINCE must be a number with m, h or d (90m, 2h, 3d), not '$since'."
  case "${BASH_REMATCH[2]}" in m) unit=60 ;; h) unit=3600 ;; d) unit=86400 ;; *) unit=0 ;; esac
  now="$(date +%s)"
  oldest_millis=$(((now - BASH_REMATCH[1] * unit) * 1000))
fi
data_bucket_access
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Keys sort newest first and start with 9999999999999 minus the time in milliseconds (MessageIds).
aws s3api list-objects-v2 "${endpoint[@]}" --bucket "$bucket" --prefix messages/ \
  --query 'Contents[].Key' --output text | tr '\t' '\n' >"$work/all"
: >"$work/chosen"
while read -r key; do
  [[ "$key" =~ ^messages/([0-9]{13})-[0-9a-f]{12}\.json$ ]] || continue
  posted=$((9999999999999 - 10#${BASH_REMATCH[1]}))
  ((posted >= oldest_millis)) || break
  echo "$key" >>"$work/chosen"
done <"$work/all"

if [[ -n "$name" && -s "$work/chosen" ]]; then
  # One download of the candidates (the CLI fetches them in parallel), then the exact name, as the
  # API stores it in JSON: quotes and backslashes escaped.
  # (All of them when every message is a candidate or there are over 500: the CLI matches each key
  # against every --include, and a command line has a length limit.)
  includes=(--include '*')
  candidates="$(wc -l <"$work/chosen")"
  if [[ -n "$since" ]] && ((candidates <= 500)); then
    includes=()
    while read -r key; do includes+=(--include "${key#messages/}"); done <"$work/chosen"
  fi
  aws s3 cp "${endpoint[@]}" --only-show-errors --recursive --exclude '*' "${includes[@]}" \
    "s3://$bucket/messages/" "$work/messages/"
  escaped="${name//\\/\\\\}"
  escaped="${escaped//\"/\\\"}"
  : >"$work/named"
  while read -r key; do
    if grep -qF -- "\"name\":\"$escaped\"" "$work/$key"; then echo "$key" >>"$work/named"; fi
  done <"$work/chosen"
  mv "$work/named" "$work/chosen"
fi

count="$(wc -l <"$work/chosen" | tr -d ' ')"
what="${since:+posted within the last $since}${since:+${name:+ and }}${name:+named \"$name\"}"
if [[ "${CONFIRM:-}" != yes ]]; then
  head -n 5 "$work/chosen"
  echo "$count message(s) $what in s3://$bucket would be deleted. Run again with CONFIRM=yes to delete them."
  exit 0
fi
split -l 1000 "$work/chosen" "$work/batch."
deleted=0
for batch in "$work"/batch.*; do
  [[ -e "$batch" ]] || continue
  {
    printf '{"Quiet":true,"Objects":['
    sed 's/.*/{"Key":"&"}/' "$batch" | paste -sd, -
    printf ']}'
  } >"$batch.json"
  # shellcheck disable=SC2016 # a JMESPath literal, not a shell expansion
  errors="$(aws s3api delete-objects "${endpoint[@]}" --bucket "$bucket" --delete "file://$batch.json" \
    --query 'length(Errors || `[]`)' --output text)"
  [[ "$errors" == 0 ]] || fail "S3 refused $errors of the keys in one batch; $deleted deleted so far. Run again to retry."
  deleted=$((deleted + $(wc -l <"$batch")))
done
echo "Deleted $deleted message(s) $what from s3://$bucket."
