#!/usr/bin/env bash
# make check-trust: does the deploy role still trust what GitHub's tokens for this repository carry?
# Compares the trust stack's TrustedSubjects with the subject GitHub reports (sub_claim_prefix and
# the environment). A rename or transfer of the repository or its owner changes the subject (the
# immutable form carries the names too), and so does opting in to the immutable subject: the trust
# is then stale, and make bootstrap again builds it anew. Needs AWS credentials, AWS_REGION and gh.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=infra/scripts/github.sh
source "$(dirname "$0")/github.sh"

deploy_environment_and_app
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
command -v gh >/dev/null || fail "install the GitHub CLI (gh) and run gh auth login."
github_repository

trusted="$(stack_output "$APP_NAME-github-oidc" TrustedSubjects)"
settings="$(gh api "repos/$REPOSITORY/actions/oidc/customization/sub" --jq '"\(.use_default) \(.sub_claim_prefix // "-")"')" ||
  fail "cannot read the OIDC subject settings of $REPOSITORY."
read -r use_default prefix <<< "$settings"
[[ "$use_default" == "true" ]] ||
  fail "$REPOSITORY's tokens carry a custom subject template, which this trust never matches: see make bootstrap."
[[ "$prefix" != "-" ]] || fail "GitHub reports no sub_claim_prefix for $REPOSITORY: compare a token's sub by hand (docs/trust.md)."
expected="$prefix:environment:$DEPLOY_ENVIRONMENT"
for subject in $trusted; do
  if [[ "$subject" == "$expected" ]]; then
    echo "The trust is current: the deploy role trusts $expected, the subject GitHub issues $REPOSITORY's $DEPLOY_ENVIRONMENT jobs."
    exit 0
  fi
done
fail "the trust is stale: GitHub issues $REPOSITORY's $DEPLOY_ENVIRONMENT jobs the subject
  $expected
but the deploy role trusts only
  ${trusted// /$'\n'  }
(after a rename or transfer, or a change of the subject format). Run make bootstrap again."
