#!/usr/bin/env bash
# make verify-package: before the deploy job assumes the AWS role, GitHub's artifact attestation of
# target/function.zip must say that this repository's deploy workflow built it, from this commit on
# main (gh attestation verify: the signature, the repository, the signing workflow, the commit and
# the ref). Where GitHub does not offer attestations (a private repository outside GitHub
# Enterprise Cloud) ATTESTATIONS=off skips the check, saying so in the log and the job summary.
# Needs: ATTESTATIONS (on | off), GITHUB_REPOSITORY, BUILD_COMMIT, gh with GH_TOKEN; optional
# SIGNER_WORKFLOW (GITHUB_REPOSITORY/.github/workflows/deploy.yml), PACKAGE (target/function.zip).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

package="${PACKAGE:-target/function.zip}"
: "${ATTESTATIONS:?Set ATTESTATIONS to on or off}"
: "${GITHUB_REPOSITORY:?Set GITHUB_REPOSITORY (owner/name)}"
: "${BUILD_COMMIT:?Set BUILD_COMMIT}"
signer="${SIGNER_WORKFLOW:-$GITHUB_REPOSITORY/.github/workflows/deploy.yml}"
[[ -f "$package" ]] || fail "$package is missing: nothing to verify."

case "$ATTESTATIONS" in
  off)
    message="The package's provenance is not verified: GitHub offers artifact attestations to public repositories and, for private ones, on GitHub Enterprise Cloud only (set the repository variable ATTESTATIONS to true there). Deploying the package whose SHA-256 the package job published."
    echo "::notice title=No attestation::$message"
    if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then echo "**No attestation:** $message" >> "$GITHUB_STEP_SUMMARY"; fi
    exit 0 ;;
  on) ;;
  *) fail "ATTESTATIONS must be on or off, not '$ATTESTATIONS'." ;;
esac

command -v gh >/dev/null || fail "gh (the GitHub CLI) is needed to verify the attestation."
if ! gh attestation verify "$package" --repo "$GITHUB_REPOSITORY" --signer-workflow "$signer" \
  --source-digest "$BUILD_COMMIT" --source-ref refs/heads/main; then
  fail "$package has no valid attestation from $signer for commit $BUILD_COMMIT on main: it is not the package this
repository's deploy workflow built, so it is not deployed (docs/releases.md, \"Provenance\")."
fi
# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
digest="$(sha256sum "$package")"
echo "$package (sha256:${digest%% *}) was built by $signer from $BUILD_COMMIT: attestation verified"
