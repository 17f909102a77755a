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
# An empty ENVIRONMENT stores them as repository variables (a branch-scoped trust: no environments).
store_deploy_variables() {
  local account="${2#arn:aws:iam::}" where=()
  account="${account%%:*}"
  [[ -n "$1" ]] && where+=(--env "$1")
  where+=(--repo "$REPOSITORY")
  gh variable set AWS_ROLE_ARN "${where[@]}" --body "$2"
  gh variable set AWS_REGION "${where[@]}" --body "$AWS_REGION"
  gh variable set AWS_ACCOUNT_ID "${where[@]}" --body "$account"
  gh variable set APP_NAME "${where[@]}" --body "$APP_NAME"
  echo "$REPOSITORY, ${1:+environment $1}${1:-repository variables}: AWS_ROLE_ARN=$2, AWS_REGION=$AWS_REGION," \
    "AWS_ACCOUNT_ID=$account, APP_NAME=$APP_NAME."
}

# trust_scope: TRUST_SCOPE, checked: environment (the default) or branch (runs on main, no environment).
trust_scope() {
  TRUST_SCOPE="${TRUST_SCOPE:-environment}"
  case "$TRUST_SCOPE" in
    environment) ;;
    branch)
      echo "Warning: TRUST_SCOPE=branch: any job of any run on main may deploy - every push or merge to main by anyone" \
        "with write access, and every run started by hand on main - with no environment, branch policy or reviewer" \
        "in between. Protect main (a ruleset requiring pull requests and reviews) so that this is a real gate." >&2 ;;
    *) fail "TRUST_SCOPE must be environment or branch, not '$TRUST_SCOPE'." ;;
  esac
}
