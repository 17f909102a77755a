# Sourced by the scripts that talk to GitHub (after common.sh): which repository, and its variables.
# shellcheck shell=bash

# github_repository: sets REPOSITORY to OWNER/NAME, the GitHub repository this checkout deploys:
# GITHUB_REPOSITORY if set, else the one the remote origin points to. It never takes gh's own
# choice for a command that names no repository: in a fork cloned with gh that is the parent, so
# bootstrap would trust the upstream's subject in the forker's account. When gh's default for this
# clone is another repository than origin, it stops and names both.
github_repository() {
  local url default
  if [[ -n "${GITHUB_REPOSITORY:-}" ]]; then
    REPOSITORY="$GITHUB_REPOSITORY"
  else
    url="$(git remote get-url origin 2>/dev/null)" || fail "this clone has no remote origin: set GITHUB_REPOSITORY=owner/name."
    if [[ "$url" =~ github\.com[:/]([A-Za-z0-9-]+)/([A-Za-z0-9_.-]+)$ ]]; then
      REPOSITORY="${BASH_REMATCH[1]}/${BASH_REMATCH[2]%.git}"
    else
      fail "origin ($url) is not a repository on github.com: set GITHUB_REPOSITORY=owner/name."
    fi
    default="$(gh repo view --json nameWithOwner --jq .nameWithOwner 2>/dev/null)" || default=""
    if [[ -n "$default" && "${default,,}" != "${REPOSITORY,,}" ]]; then
      fail "origin is $REPOSITORY, but gh's default repository for this clone is $default (a fork cloned with gh
defaults to its parent). Say which one is yours: gh repo set-default $REPOSITORY, or
GITHUB_REPOSITORY=$default make ... if you really mean that one."
    fi
  fi
  [[ "$REPOSITORY" =~ ^[A-Za-z0-9-]+/[A-Za-z0-9_.-]+$ ]] || fail "GITHUB_REPOSITORY must be owner/name, not '$REPOSITORY'."
  echo "GitHub repository: $REPOSITORY"
}

# store_deploy_variables ENVIRONMENT ROLE_ARN: the variables the deploy workflow reads, on the
# environment (a job in it sees them before any repository variable), from the trust stack's role.
store_deploy_variables() {
  local account="${2#arn:aws:iam::}"
  account="${account%%:*}"
  gh variable set AWS_ROLE_ARN --env "$1" --repo "$REPOSITORY" --body "$2"
  gh variable set AWS_REGION --env "$1" --repo "$REPOSITORY" --body "$AWS_REGION"
  gh variable set AWS_ACCOUNT_ID --env "$1" --repo "$REPOSITORY" --body "$account"
  gh variable set APP_NAME --env "$1" --repo "$REPOSITORY" --body "$APP_NAME"
  echo "$REPOSITORY, environment $1: AWS_ROLE_ARN=$2, AWS_REGION=$AWS_REGION, AWS_ACCOUNT_ID=$account, APP_NAME=$APP_NAME."
}
