#!/usr/bin/env bash
# make github-setup [ENVIRONMENT=staging]: with the GitHub CLI, configures one deploy environment
# (production by default) and stores its variables AWS_ROLE_ARN, AWS_REGION and APP_NAME on it,
# from the trust stack of make bootstrap for that environment, so one workflow serves several:
#   - exactly one deployment branch policy, main: any other policy is removed, and said so;
#   - administrators cannot bypass the environment's rules;
#   - with REVIEWERS=login1,team:ORG/SLUG, those people or teams must approve each deploy, and
#     whoever started a run cannot approve it themselves;
#   - for staging, the repository variable STAGING_ENABLED=true: the deploy workflow then deploys
#     to staging first, and to production after staging's smoke test.
# Needs: AWS_REGION, AWS credentials that may read the trust stack, gh logged in as a repository
# administrator. ENVIRONMENT (or DEPLOY_ENVIRONMENT) and APP_NAME as for make bootstrap.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

deploy_environment_and_app
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

# The environment's own variables: a job in it sees them before any repository variable.
gh variable set AWS_ROLE_ARN --env "$DEPLOY_ENVIRONMENT" --repo "$repo" --body "$role"
gh variable set AWS_REGION --env "$DEPLOY_ENVIRONMENT" --repo "$repo" --body "$AWS_REGION"
gh variable set APP_NAME --env "$DEPLOY_ENVIRONMENT" --repo "$repo" --body "$APP_NAME"
if [[ "$DEPLOY_ENVIRONMENT" == "staging" ]]; then
  gh variable set STAGING_ENABLED --repo "$repo" --body true
fi

echo "$repo, environment $DEPLOY_ENVIRONMENT: AWS_ROLE_ARN=$role, AWS_REGION=$AWS_REGION, APP_NAME=$APP_NAME."
echo "Environment $DEPLOY_ENVIRONMENT: deploys only from main, no administrator bypass."
if [[ "$DEPLOY_ENVIRONMENT" == "staging" ]]; then
  echo "STAGING_ENABLED=true: every deploy now goes to staging first, then to production."
fi
if [[ -n "$reviewers" ]]; then
  echo "Required reviewers: $REVIEWERS; nobody may approve a run they started."
else
  echo "No required reviewers: every push to main deploys. For a team, run again with REVIEWERS=login,team:ORG/SLUG (see the README)."
fi
