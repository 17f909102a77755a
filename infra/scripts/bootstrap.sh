#!/usr/bin/env bash
# make bootstrap: deploys infra/github-oidc.yaml once per account and repository, with your own
# AWS credentials (an administrator), trusting exactly the subject the repository's tokens carry.
# With the GitHub CLI (gh) it takes the repository from origin (or GITHUB_REPOSITORY=owner/name),
# never from gh's default, reads its numeric IDs and the subject GitHub issues it
# (sub_claim_prefix), checks that make github-setup has protected the environment first, and at
# the end stores the environment's variables. Without gh, set GITHUB_OWNER, GITHUB_REPO,
# GITHUB_OWNER_ID, GITHUB_REPO_ID and SUBJECT_FORMAT yourself.
# SUBJECT_FORMAT=legacy (or both, while migrating) trusts the legacy subject: only when asked for.
# Other settings: AWS_REGION (required), DEPLOY_ENVIRONMENT or ENVIRONMENT (production), APP_NAME
# (guestbook for production, guestbook-ENVIRONMENT for another, e.g. guestbook-staging).
# DRY_RUN=1 prints the deploy command instead of running it.
# After a rename or transfer of the repository its subject changes: run make bootstrap again.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=infra/scripts/github.sh
source "$(dirname "$0")/github.sh"

deploy_environment_and_app
trust_scope
STACK="${APP_NAME}-github-oidc"
: "${AWS_REGION:?Set AWS_REGION, e.g. make bootstrap AWS_REGION=eu-west-1}"
export AWS_REGION

have() { command -v "$1" >/dev/null 2>&1; }

have aws || fail "the AWS CLI is not installed (https://docs.aws.amazon.com/cli/)."

if [[ -n "${GITHUB_OWNER:-}" && -n "${GITHUB_REPO:-}" ]]; then
  REPOSITORY="$GITHUB_OWNER/$GITHUB_REPO"
  echo "GitHub repository: $REPOSITORY"
else
  have gh || fail "set GITHUB_OWNER and GITHUB_REPO (and their IDs and SUBJECT_FORMAT), or install the GitHub CLI (gh) and log in."
  github_repository
fi

detected=""
if have gh; then
  # The owner's and the repository's names as GitHub spells them, and their IDs.
  names="$(gh api "repos/$REPOSITORY" --jq '"\(.owner.login) \(.owner.id) \(.name) \(.id)"')" ||
    fail "cannot read the repository $REPOSITORY on GitHub (does it exist, and is gh logged in?)."
  read -r GITHUB_OWNER GITHUB_OWNER_ID GITHUB_REPO GITHUB_REPO_ID <<< "$names"
  REPOSITORY="$GITHUB_OWNER/$GITHUB_REPO"

  # What the repository's tokens carry. sub_claim_prefix is GitHub's own answer ("the current sub claim
  # prefix"); use_immutable_subject is only an opt-in switch, false for a new repository whose tokens
  # are immutable all the same; use_default false means a custom template of claims builds the sub.
  subject="$(gh api "repos/$REPOSITORY/actions/oidc/customization/sub" \
    --jq '"\(.use_default) \(.sub_claim_prefix // "-") \(.include_claim_keys // [] | join(","))"')" ||
    fail "cannot read the OIDC subject settings of $REPOSITORY (gh api repos/$REPOSITORY/actions/oidc/customization/sub)."
  read -r use_default prefix claim_keys <<< "$subject"
  if [[ "$use_default" != "true" ]]; then
    fail "$REPOSITORY's tokens carry a custom subject (a template of the claims ${claim_keys:-listed in its OIDC settings}),
not the default one this trust matches, so the deploy role could never be assumed. Either go back to the
default subject (gh api --method PUT repos/$REPOSITORY/actions/oidc/customization/sub -F use_default=true)
and run make bootstrap again, or change the trusted sub in infra/github-oidc.yaml to that exact template."
  fi
  if [[ "$prefix" == "repo:$GITHUB_OWNER@$GITHUB_OWNER_ID/$GITHUB_REPO@$GITHUB_REPO_ID" ]]; then
    detected=immutable
  elif [[ "$prefix" == "repo:$GITHUB_OWNER/$GITHUB_REPO" ]]; then
    detected=legacy
  else
    fail "GitHub names $REPOSITORY's subject prefix '$prefix', which is neither repo:$GITHUB_OWNER@$GITHUB_OWNER_ID/$GITHUB_REPO@$GITHUB_REPO_ID
nor repo:$GITHUB_OWNER/$GITHUB_REPO. Look at a token's sub (docs/trust.md) and set SUBJECT_FORMAT and the GITHUB_* values yourself."
  fi
  suffix="environment:$DEPLOY_ENVIRONMENT"
  [[ "$TRUST_SCOPE" == "branch" ]] && suffix="ref:refs/heads/main"
  echo "GitHub issues $REPOSITORY tokens with the $detected subject: $prefix:$suffix"
fi

# The immutable subject (repo:OWNER@ID/REPO@ID:...) unless SUBJECT_FORMAT=legacy is asked for:
# a legacy subject names the owner and repository only by name, and a deleted or renamed name can
# be registered by someone else, whose tokens would then carry the very subject this role trusts.
case "${SUBJECT_FORMAT:-}" in
  "" | immutable | legacy | both) ;;
  *) fail "SUBJECT_FORMAT must be immutable, legacy or both, not '$SUBJECT_FORMAT'." ;;
esac
if [[ -z "${SUBJECT_FORMAT:-}" ]]; then
  if [[ "$detected" == "legacy" ]]; then
    fail "GitHub still issues legacy subjects (repo:$GITHUB_OWNER/$GITHUB_REPO:...) for this repository, so a role \
trusting the immutable subject would refuse its deploys. Either opt the repository in to immutable subjects \
(gh api --method PUT repos/$GITHUB_OWNER/$GITHUB_REPO/actions/oidc/customization/sub -F use_default=true \
-F use_immutable_subject=true) and run make bootstrap again, or accept the risk and run SUBJECT_FORMAT=legacy \
make bootstrap: the legacy subject names the owner and repository by name only, so if either is renamed or \
deleted, whoever registers that name gets tokens this role trusts."
  fi
  SUBJECT_FORMAT=immutable
elif [[ -n "$detected" && "$SUBJECT_FORMAT" != "both" && "$SUBJECT_FORMAT" != "$detected" ]]; then
  fail "SUBJECT_FORMAT=$SUBJECT_FORMAT, but GitHub issues this repository's tokens with the $detected subject: the role would never match."
fi
if [[ "$SUBJECT_FORMAT" != "immutable" ]]; then
  echo "Warning: SubjectFormat $SUBJECT_FORMAT trusts the legacy subject repo:$GITHUB_OWNER/$GITHUB_REPO:..., which names" \
    "the owner and repository by name only: if either is renamed or deleted, whoever registers that name can deploy." >&2
fi
if [[ "$SUBJECT_FORMAT" != "legacy" && ( -z "${GITHUB_OWNER_ID:-}" || -z "${GITHUB_REPO_ID:-}" ) ]]; then
  fail "SubjectFormat $SUBJECT_FORMAT needs GITHUB_OWNER_ID and GITHUB_REPO_ID (gh api repos/OWNER/REPO --jq '.owner.id, .id')."
fi

# No trust before the environment is guarded: a push that names an environment that does not exist
# yet creates it with no branch policy, and then any branch could deploy.
if [[ "$TRUST_SCOPE" == "branch" ]]; then
  echo "Trusting runs on main of $REPOSITORY (TRUST_SCOPE=branch), not the environment $DEPLOY_ENVIRONMENT."
elif have gh; then
  branch_rule="$(gh api "repos/$REPOSITORY/environments/$DEPLOY_ENVIRONMENT" \
    --jq '.deployment_branch_policy.custom_branch_policies // false' 2>/dev/null)" ||
    fail "the environment $DEPLOY_ENVIRONMENT of $REPOSITORY does not exist yet: run make github-setup first, so that
only main can deploy before any role trusts the environment."
  policies="$(gh api "repos/$REPOSITORY/environments/$DEPLOY_ENVIRONMENT/deployment-branch-policies" \
    --jq '[.branch_policies[] | "\(.type):\(.name)"] | join(" ")')"
  if [[ "$branch_rule" != "true" || "$policies" != "branch:main" ]]; then
    fail "the environment $DEPLOY_ENVIRONMENT of $REPOSITORY lets other branches deploy (branch policies: ${policies:-none}):
run make github-setup first, so that only main can deploy."
  fi
else
  echo "Warning: without gh, bootstrap cannot check that the environment $DEPLOY_ENVIRONMENT exists and deploys only from" \
    "main: make sure make github-setup ran first." >&2
fi

# IAM role names are global to the account, and the app's CloudFront distribution is told apart
# by its tag app=APP_NAME in every region: one app name can live in one region of an account only.
# A trust stack that is not in this region but whose roles exist belongs to another region's app.
if ! stack_exists "$STACK"; then
  for role in "$APP_NAME-github-deploy" "$APP_NAME-cloudformation-execution" "$APP_NAME-function"; do
    if answer="$(aws iam get-role --role-name "$role" --query Role.Arn --output text 2>&1)"; then
      fail "the role $role exists already in this account, but the stack $STACK is not in $AWS_REGION: the app
name $APP_NAME is taken, most likely by make bootstrap in another region. Role names are global to an
account and the app's CloudFront distribution is known by its tag app=$APP_NAME in every region, so
each region needs its own app name: APP_NAME=$APP_NAME-${AWS_REGION//-/} make bootstrap (and the same
APP_NAME for make github-setup and make deploy), or bootstrap in the region whose stack has the role."
    elif [[ "$answer" != *NoSuchEntity* ]]; then
      fail "cannot check whether the role $role exists (iam:GetRole): $answer"
    fi
  done
fi

# One GitHub provider per account: keep the one this stack already uses, else reuse an existing one.
if stack_exists "$STACK"; then
  provider="$(aws cloudformation describe-stacks --stack-name "$STACK" \
    --query "Stacks[0].Parameters[?ParameterKey=='OIDCProviderArn'].ParameterValue" --output text)"
else
  provider="$(aws iam list-open-id-connect-providers \
    --query "OpenIDConnectProviderList[?ends_with(Arn, '/token.actions.githubusercontent.com')].Arn" --output text)"
fi
[[ "$provider" == "None" ]] && provider=""

command=(aws cloudformation deploy
  --region "$AWS_REGION"
  --stack-name "$STACK"
  --template-file infra/github-oidc.yaml
  --capabilities CAPABILITY_NAMED_IAM
  --no-fail-on-empty-changeset
  --parameter-overrides
  "GitHubOwner=$GITHUB_OWNER"
  "GitHubRepo=$GITHUB_REPO"
  "GitHubOwnerId=${GITHUB_OWNER_ID:-}"
  "GitHubRepoId=${GITHUB_REPO_ID:-}"
  "SubjectFormat=$SUBJECT_FORMAT"
  "DeployEnvironment=$DEPLOY_ENVIRONMENT"
  "TrustScope=$TRUST_SCOPE"
  "AppName=$APP_NAME"
  "OIDCProviderArn=$provider")

echo "Trusting $GITHUB_OWNER/$GITHUB_REPO, environment $DEPLOY_ENVIRONMENT, subject format $SUBJECT_FORMAT"
if [[ -n "${DRY_RUN:-}" ]]; then
  printf '%q ' "${command[@]}"; echo
  exit 0
fi
"${command[@]}"

role="$(stack_output "$STACK" DeployRoleArn)"
echo
echo "Deploy role: $role"
if have gh && [[ "$TRUST_SCOPE" == "branch" ]]; then
  store_deploy_variables "" "$role"
elif have gh; then
  store_deploy_variables "$DEPLOY_ENVIRONMENT" "$role"
else
  echo "Set the variables AWS_ROLE_ARN=$role, AWS_REGION=$AWS_REGION and APP_NAME=$APP_NAME on the environment" \
    "$DEPLOY_ENVIRONMENT (make github-setup does it once gh is installed)."
fi
