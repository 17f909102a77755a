# Sourced by the scripts in this folder: strict mode and the helpers they share.
# shellcheck shell=bash
set -euo pipefail
# A failing command inside $(...) stops the script too, not only the assignment around it.
shopt -s inherit_errexit

fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

# AWS CLI v1 reads the region from AWS_DEFAULT_REGION only; v2 reads AWS_REGION first. The scripts
# take AWS_REGION, so both versions get it (as configure-aws-credentials sets both in a workflow).
if [[ -n "${AWS_REGION:-}" ]]; then export AWS_DEFAULT_REGION="$AWS_REGION"; fi

# stack_output STACK KEY: prints one output of a CloudFormation stack, or stops with a message
# naming both when the stack cannot be read or has no such output (the CLI prints None then).
stack_output() {
  local value
  value="$(aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text)" ||
    fail "cannot read the outputs of the stack $1 in ${AWS_REGION:-the default region} (see the error above)."
  if [[ -z "$value" || "$value" == "None" ]]; then
    fail "the stack $1 in ${AWS_REGION:-the default region} has no output $2. Is it deployed, and from this version of the templates?"
  fi
  printf '%s\n' "$value"
}

# data_bucket_access: for the scripts an owner runs on the messages. Sets endpoint (the AWS CLI's
# --endpoint-url S3_ENDPOINT_URL, the tests' local server; else nothing) and bucket (DATA_BUCKET,
# else the app stack APP_NAME's DataBucketName).
# shellcheck disable=SC2034 # endpoint and bucket are for the calling script
data_bucket_access() {
  endpoint=()
  if [[ -n "${S3_ENDPOINT_URL:-}" ]]; then endpoint=(--endpoint-url "$S3_ENDPOINT_URL"); fi
  bucket="${DATA_BUCKET:-}"
  if [[ -z "$bucket" ]]; then bucket="$(stack_output "$APP_NAME" DataBucketName)"; fi
}

# read_object BUCKET KEY FILE: downloads the object into FILE; true if it was there, false if S3 says
# there is no such key (NoSuchKey: the caller may list the bucket); any other error (forbidden, throttled,
# no network) stops the script, so that a read that failed is never taken for "not there".
read_object() {
  local answer
  if answer="$(aws s3api get-object --bucket "$1" --key "$2" "$3" 2>&1)"; then return 0; fi
  [[ "$answer" == *NoSuchKey* ]] && return 1
  fail "cannot read s3://$1/$2: $answer"
}

# stack_exists STACK: true if the stack exists, false if CloudFormation says it does not; any
# other error (no permission, no network) stops the script instead of passing for "no stack".
stack_exists() {
  local answer
  if answer="$(aws cloudformation describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' \
    --output text 2>&1)"; then
    return 0
  fi
  [[ "$answer" == *"does not exist"* ]] && return 1
  fail "cannot read the stack $1 in ${AWS_REGION:-the default region}: $answer"
}

# stack_status STACK: the stack's status (CREATE_COMPLETE, ROLLBACK_COMPLETE, ...), or NONE when
# CloudFormation says there is no such stack; any other error stops the script.
stack_status() {
  local answer
  if answer="$(aws cloudformation describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' \
    --output text 2>&1)"; then
    printf '%s\n' "$answer"
    return 0
  fi
  [[ "$answer" == *"does not exist"* ]] && { echo NONE; return 0; }
  fail "cannot read the stack $1 in ${AWS_REGION:-the default region}: $answer"
}

# print_last_failures STACK: the failed events of the stack's latest operation (events come newest
# first; the operation starts at the stack's own "User Initiated" event), to standard error.
print_last_failures() {
  local events logical status reason
  events="$(aws cloudformation describe-stack-events --stack-name "$1" --max-items 100 \
    --query 'StackEvents[].[Timestamp, LogicalResourceId, ResourceStatus, ResourceStatusReason]' --output text)" ||
    { echo "(the stack's events cannot be read)" >&2; return 0; }
  while IFS=$'\t' read -r _ logical status reason; do
    [[ -z "$logical" ]] && continue
    if [[ "$status" == *FAILED* ]]; then
      printf '  %s %s: %s\n' "$logical" "$status" "$reason" >&2
    fi
    if [[ "$logical" == "$1" && "$status" == *_IN_PROGRESS && "$reason" == "User Initiated" ]]; then
      break
    fi
  done <<< "$events"
}

# The app's name unless APP_NAME says otherwise: the stacks, roles and buckets are named after it
# (make rename changes it, with the templates' default AppName).
DEFAULT_APP_NAME=guestbook

# deploy_environment_and_app: the GitHub environment a trust stack serves (DEPLOY_ENVIRONMENT or
# ENVIRONMENT; production by default) and the app's name there (APP_NAME; by default the default
# app name for production and NAME-ENVIRONMENT for another one, so each environment has its own
# stacks, roles and buckets).
deploy_environment_and_app() {
  DEPLOY_ENVIRONMENT="${DEPLOY_ENVIRONMENT:-${ENVIRONMENT:-production}}"
  if [[ -z "${APP_NAME:-}" ]]; then
    if [[ "$DEPLOY_ENVIRONMENT" == "production" ]]; then
      APP_NAME="$DEFAULT_APP_NAME"
    elif [[ "$DEPLOY_ENVIRONMENT" =~ ^[a-z0-9-]{1,10}$ ]]; then
      APP_NAME="$DEFAULT_APP_NAME-$DEPLOY_ENVIRONMENT"
    else
      fail "set APP_NAME for the environment '$DEPLOY_ENVIRONMENT' (2-20 lower-case letters, digits or hyphens)."
    fi
  fi
}
