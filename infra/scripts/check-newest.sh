#!/usr/bin/env bash
# make check-newest COMMIT=sha: is COMMIT still the head of main? A deploy must never put older
# code over newer: the deploy workflow runs one at a time, but a re-run of an old run, or a run
# started by hand, could still carry an older commit. Prints the answer and, in GitHub Actions,
# sets the step output newest=true|false; the deploy job skips its remaining steps on false.
# Needs gh (in Actions: GH_TOKEN=github.token) and GITHUB_REPOSITORY, or a clone whose origin is on GitHub.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=infra/scripts/github.sh
source "$(dirname "$0")/github.sh"

commit="${1:-}"
[[ "$commit" =~ ^[0-9a-f]{40}$ ]] || fail "COMMIT must be a full commit SHA, not '$commit'."
command -v gh >/dev/null || fail "install the GitHub CLI (gh)."
github_repository
repo="$REPOSITORY"
# Any failure to learn the head stops here: deploying on a guess is what this check prevents.
head="$(gh api "repos/$repo/commits/main" --jq .sha)" || fail "cannot read the head of main of $repo."
[[ "$head" =~ ^[0-9a-f]{40}$ ]] || fail "GitHub gave no commit SHA for the head of main of $repo: '$head'."

if [[ "$head" == "$commit" ]]; then
  newest=true
  echo "$commit is the head of main: deploying."
else
  newest=false
  echo "::notice title=Deploy skipped::$commit is no longer the head of main ($head is); deploying it would replace newer code."
fi
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "newest=$newest" >> "$GITHUB_OUTPUT"; fi
