#!/usr/bin/env bash
# make github-setup: with the GitHub CLI, sets the repository variables AWS_ROLE_ARN and
# AWS_REGION from the trust stack's outputs, and configures the deploy environment (production):
#   - exactly one deployment branch policy, main: any other policy is removed, and said so;
#   - administrators cannot bypass the environment's rules;
#   - with REVIEWERS=login1,team:ORG/SLUG, those people or teams must approve each deploy, and
#     whoever started a run cannot approve it themselves.
# Needs: AWS_REGION, AWS credentials that may read the trust stack, gh logged in as a repository
# administrator. APP_NAME (guestbook) and DEPLOY_ENVIRONMENT (production) as for make bootstrap.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

APP_NAME="${APP_NAME:-guestbook}"
DEPLOY_ENVIRONMENT="${DEPLOY_ENVIRONMENT:-production}"
REVIEWERS="${REVIEWERS:-}"
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
command -v gh >/dev/null || fail "install the GitHub CLI (gh) and run gh auth login."

# REVIEWERS as GitHub's API wants them: {"type":"User"|"Team","id":N}, checked before any change.
reviewers=""
IFS=',' read -ra wanted <<< "$REVIEWERS"
for reviewer in "${wanted[@]}"; do
  read -r reviewer <<< "$reviewer" || true # trims the spaces around it
  [[ -n "$reviewer" ]] || continue
  if [[ "$reviewer" =~ ^team:([A-Za-z0-9-]+)/([A-Za-z0-9_.-]+)$ ]]; then
    type=Team
    id="$(gh api "orgs/${BASH_REMATCH[1]}/teams/${BASH_REMATCH[2]}" --jq .id)" ||
      fail "REVIEWERS: no team ${BASH_REMATCH[1]}/${BASH_REMATCH[2]} that you can see (teams exist only in organizations)."
  elif [[ "$reviewer" =~ ^[A-Za-z0-9-]{1,39}$ ]]; then
    type=User
    id="$(gh api "users/$reviewer" --jq .id)" || fail "REVIEWERS: no GitHub user $reviewer."
  else
    fail "REVIEWERS: '$reviewer' is neither a GitHub login nor team:ORG/SLUG."
  fi
  [[ "$id" =~ ^[0-9]+$ ]] || fail "REVIEWERS: GitHub gave no numeric ID for $reviewer."
  reviewers+="${reviewers:+,}{\"type\":\"$type\",\"id\":$id}"
done

role="$(stack_output "$APP_NAME-github-oidc" DeployRoleArn)"
repo="$(gh repo view --json nameWithOwner --jq .nameWithOwner)"
environment="repos/$repo/environments/$DEPLOY_ENVIRONMENT"

gh variable set AWS_ROLE_ARN --repo "$repo" --body "$role"
gh variable set AWS_REGION --repo "$repo" --body "$AWS_REGION"

settings='"can_admins_bypass":false,"deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true}'
if [[ -n "$reviewers" ]]; then
  settings+=",\"reviewers\":[$reviewers],\"prevent_self_review\":true"
fi
gh api --method PUT "$environment" --input - <<< "{$settings}" >/dev/null

# Exactly one deployment branch policy: the branch main.
policies="$(gh api --paginate "$environment/deployment-branch-policies" \
  --jq '.branch_policies[] | "\(.id) \(.type) \(.name)"')"
has_main=""
while read -r id type name; do
  [[ -n "$id" ]] || continue
  if [[ "$type" == "branch" && "$name" == "main" ]]; then
    has_main=yes
  else
    gh api --method DELETE "$environment/deployment-branch-policies/$id" >/dev/null
    echo "Removed the deployment $type policy '$name' from $DEPLOY_ENVIRONMENT: only main may deploy."
  fi
done <<< "$policies"
if [[ -z "$has_main" ]]; then
  gh api --method POST "$environment/deployment-branch-policies" -f name=main -f type=branch >/dev/null
fi

echo "$repo: AWS_ROLE_ARN=$role, AWS_REGION=$AWS_REGION."
echo "Environment $DEPLOY_ENVIRONMENT: deploys only from main, no administrator bypass."
if [[ -n "$reviewers" ]]; then
  echo "Required reviewers: $REVIEWERS; nobody may approve a run they started."
else
  echo "No required reviewers: every push to main deploys. For a team, run again with REVIEWERS=login,team:ORG/SLUG (see the README)."
fi
