#!/usr/bin/env bash
# make bootstrap: deploys infra/github-oidc.yaml once per account and repository, with your own
# AWS credentials (an administrator). With the GitHub CLI (gh) it finds the repository, its
# numeric IDs by itself, and checks that GitHub issues it immutable subjects; without it, set them
# in the environment: GITHUB_OWNER, GITHUB_REPO, GITHUB_OWNER_ID, GITHUB_REPO_ID.
# SUBJECT_FORMAT=legacy (or both, while migrating) trusts the legacy subject: only when asked for.
# Other settings: AWS_REGION (required), DEPLOY_ENVIRONMENT or ENVIRONMENT (production), APP_NAME
# (guestbook for production, guestbook-ENVIRONMENT for another, e.g. guestbook-staging).
# DRY_RUN=1 prints the deploy command instead of running it.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

deploy_environment_and_app
STACK="${APP_NAME}-github-oidc"
: "${AWS_REGION:?Set AWS_REGION, e.g. make bootstrap AWS_REGION=eu-west-1}"
export AWS_REGION

have() { command -v "$1" >/dev/null 2>&1; }

have aws || fail "the AWS CLI is not installed (https://docs.aws.amazon.com/cli/)."

if [[ -z "${GITHUB_OWNER:-}" || -z "${GITHUB_REPO:-}" ]]; then
  have gh || fail "set GITHUB_OWNER and GITHUB_REPO, or install the GitHub CLI (gh) and log in."
  GITHUB_OWNER="$(gh repo view --json owner --jq .owner.login)"
  GITHUB_REPO="$(gh repo view --json name --jq .name)"
fi
if [[ -z "${GITHUB_OWNER_ID:-}" || -z "${GITHUB_REPO_ID:-}" ]] && have gh; then
  GITHUB_OWNER_ID="$(gh api "repos/$GITHUB_OWNER/$GITHUB_REPO" --jq .owner.id)"
  GITHUB_REPO_ID="$(gh api "repos/$GITHUB_OWNER/$GITHUB_REPO" --jq .id)"
fi
# The immutable subject (repo:OWNER@ID/REPO@ID:...) unless SUBJECT_FORMAT=legacy is asked for:
# a legacy subject names the owner and repository only by name, and a deleted or renamed name can
# be registered by someone else, whose tokens would then carry the very subject this role trusts.
if [[ -z "${SUBJECT_FORMAT:-}" ]]; then
  SUBJECT_FORMAT=immutable
  if have gh; then
    immutable="$(gh api "repos/$GITHUB_OWNER/$GITHUB_REPO/actions/oidc/customization/sub" \
      --jq '.use_immutable_subject // false')"
    if [[ "$immutable" != "true" ]]; then
      fail "GitHub still issues legacy subjects (repo:$GITHUB_OWNER/$GITHUB_REPO:...) for this repository, so a role \
trusting the immutable subject would refuse its deploys. Either opt the repository in to immutable subjects \
(its OIDC subject settings: gh api repos/$GITHUB_OWNER/$GITHUB_REPO/actions/oidc/customization/sub) and run \
make bootstrap again, or accept the risk and run SUBJECT_FORMAT=legacy make bootstrap: the legacy subject names the \
owner and repository by name only, so if either is renamed or deleted, whoever registers that name gets tokens \
this role trusts."
    fi
  fi
fi
case "$SUBJECT_FORMAT" in
  immutable) ;;
  legacy | both)
    echo "Warning: SubjectFormat $SUBJECT_FORMAT trusts the legacy subject repo:$GITHUB_OWNER/$GITHUB_REPO:..., which names" \
      "the owner and repository by name only: if either is renamed or deleted, whoever registers that name can deploy." >&2 ;;
  *) fail "SUBJECT_FORMAT must be immutable, legacy or both, not '$SUBJECT_FORMAT'." ;;
esac
if [[ "$SUBJECT_FORMAT" != "legacy" && ( -z "${GITHUB_OWNER_ID:-}" || -z "${GITHUB_REPO_ID:-}" ) ]]; then
  fail "SubjectFormat $SUBJECT_FORMAT needs GITHUB_OWNER_ID and GITHUB_REPO_ID (gh api repos/OWNER/REPO --jq '.owner.id, .id')."
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
echo "Set it as the repository variable AWS_ROLE_ARN (make github-setup does it), and AWS_REGION=$AWS_REGION."
