#!/usr/bin/env bash
# make github-setup [ENVIRONMENT=staging]: with the GitHub CLI, configures one deploy environment
# (production by default) of this clone's repository (origin, or GITHUB_REPOSITORY=owner/name),
# before make bootstrap creates any trust for it (a push that names an environment that does not
# exist yet creates it unprotected):
#   - exactly one deployment branch policy, main: any other policy is removed, and said so;
#   - with REVIEWERS=login1,team:ORG/SLUG, those people or teams must approve each deploy, and
#     whoever started a run cannot approve it themselves;
#   - what the repository's plan allows is checked first: a private repository on GitHub Free has
#     no environments, required reviewers in a private repository need GitHub Enterprise;
#   - once the trust stack exists, the variables AWS_ROLE_ARN, AWS_REGION, AWS_ACCOUNT_ID and
#     APP_NAME on the environment (make bootstrap stores them too), and for staging the repository
#     variable STAGING_ENABLED=true.
# Needs: AWS_REGION, gh logged in as a repository administrator; AWS credentials that may read the
# trust stack once it exists. ENVIRONMENT (or DEPLOY_ENVIRONMENT) and APP_NAME as for make bootstrap.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=infra/scripts/github.sh
source "$(dirname "$0")/github.sh"

deploy_environment_and_app
trust_scope
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

github_repository
environment="repos/$REPOSITORY/environments/$DEPLOY_ENVIRONMENT"

# What the plan allows (GitHub's docs): environments exist in public repositories on every plan,
# in private ones only on Pro, Team and Enterprise; required reviewers in a private repository
# only on Enterprise. The owner's plan is visible to the owner (a user) or an organization's owners.
repository="$(gh api "repos/$REPOSITORY" --jq '"\(.private) \(.owner.type) \(.owner.login)"')" ||
  fail "cannot read the repository $REPOSITORY on GitHub (does it exist, and is gh logged in?)."
read -r private owner_type owner <<< "$repository"
if [[ "$private" == "true" ]]; then
  if [[ "$owner_type" == "Organization" ]]; then
    plan="$(gh api "orgs/$owner" --jq '.plan.name // "unknown"' 2>/dev/null)" || plan=unknown
  else
    me="$(gh api user --jq '"\(.login) \(.plan.name // "unknown")"' 2>/dev/null)" || me=""
    read -r login user_plan <<< "$me" || true
    plan="unknown"
    [[ "${login:-}" == "$owner" ]] && plan="${user_plan:-unknown}"
  fi
  case "$plan" in
    free)
      [[ "$TRUST_SCOPE" == "branch" ]] ||
        fail "$REPOSITORY is private and $owner is on GitHub Free, which has no environments for private repositories:
a job's environment: would give no environment subject, so the deploy role could never be assumed, and
nothing would guard it. Either make the repository public (Settings > General > Danger zone), or move it
to a plan with environments (Pro, Team or Enterprise), then run make github-setup again. Or, knowing what
it gives up, trust runs on main instead: TRUST_SCOPE=branch make github-setup, then TRUST_SCOPE=branch
make bootstrap - any run on main can then deploy, with no environment, branch policy or reviewer." ;;
    enterprise) ;;
    unknown)
      echo "Note: $REPOSITORY is private and $owner's plan is not visible to you; environments in private repositories" \
        "need Pro, Team or Enterprise, required reviewers need Enterprise." ;;
    *)
      if [[ -n "$reviewers" ]]; then
        fail "REVIEWERS: required reviewers in a private repository need GitHub Enterprise; $owner's plan is $plan
(GitHub would refuse them with 422). Run without REVIEWERS, or make the repository public."
      fi ;;
  esac
fi

if [[ "$TRUST_SCOPE" == "branch" ]]; then
  [[ -z "$reviewers" ]] || fail "REVIEWERS: a branch-scoped trust has no environment to hold reviewers."
  if stack_exists "$APP_NAME-github-oidc"; then
    role="$(stack_output "$APP_NAME-github-oidc" DeployRoleArn)"
    store_deploy_variables "" "$role"
  else
    echo "No trust stack $APP_NAME-github-oidc in $AWS_REGION yet: next, TRUST_SCOPE=branch make bootstrap."
  fi
  exit 0
fi

settings='"deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true}'
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

# The environment's variables, once the trust stack exists (make bootstrap stores them too).
if stack_exists "$APP_NAME-github-oidc"; then
  role="$(stack_output "$APP_NAME-github-oidc" DeployRoleArn)"
  store_deploy_variables "$DEPLOY_ENVIRONMENT" "$role"
  if [[ "$DEPLOY_ENVIRONMENT" == "staging" ]]; then
    gh variable set STAGING_ENABLED --repo "$REPOSITORY" --body true
    echo "STAGING_ENABLED=true: every deploy now goes to staging first, then to production."
  fi
else
  echo "No trust stack $APP_NAME-github-oidc in $AWS_REGION yet: next, make bootstrap (it stores the variables)."
fi
echo "Environment $DEPLOY_ENVIRONMENT: deploys only from main."
# GitHub's REST API has no field for it (its OpenAPI description), so only the settings page can do it.
echo "By hand, once: Settings > Environments > $DEPLOY_ENVIRONMENT > untick 'Allow administrators to bypass" \
  "configured protection rules', so an administrator cannot deploy around the environment's rules either."
if [[ -n "$reviewers" ]]; then
  echo "Required reviewers: $REVIEWERS; nobody may approve a run they started."
else
  echo "No required reviewers: every push to main deploys. For a team, run again with REVIEWERS=login,team:ORG/SLUG (see docs/deploy.md)."
fi
