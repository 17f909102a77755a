#!/usr/bin/env bash
# make github-setup: with the GitHub CLI, sets the repository variables AWS_ROLE_ARN and
# AWS_REGION from the trust stack's outputs, and creates the `production` environment that only
# the main branch may deploy from.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-guestbook}"
DEPLOY_ENVIRONMENT="${DEPLOY_ENVIRONMENT:-production}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
command -v gh >/dev/null || fail "install the GitHub CLI (gh) and run gh auth login."

role="$(stack_output "$APP_NAME-github-oidc" DeployRoleArn)"
repo="$(gh repo view --json nameWithOwner --jq .nameWithOwner)"

gh variable set AWS_ROLE_ARN --repo "$repo" --body "$role"
gh variable set AWS_REGION --repo "$repo" --body "$AWS_REGION"
gh api --method PUT "repos/$repo/environments/$DEPLOY_ENVIRONMENT" \
  -F "deployment_branch_policy[protected_branches]=false" \
  -F "deployment_branch_policy[custom_branch_policies]=true" >/dev/null
policies="$(gh api "repos/$repo/environments/$DEPLOY_ENVIRONMENT/deployment-branch-policies" \
  --jq '.branch_policies[].name')"
if ! grep -qx main <<< "$policies"; then
  gh api --method POST "repos/$repo/environments/$DEPLOY_ENVIRONMENT/deployment-branch-policies" \
    -f name=main -f type=branch >/dev/null
fi
echo "$repo: AWS_ROLE_ARN=$role, AWS_REGION=$AWS_REGION, environment $DEPLOY_ENVIRONMENT limited to main."
echo "Add required reviewers to the environment in the repository settings if deploys need approval."
