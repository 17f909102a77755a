#!/usr/bin/env bash
# make package and make check-package: the SHA-256 of the function package.
#   package-digest.sh ZIP            prints it (in GitHub Actions also as the step output sha256)
#   package-digest.sh ZIP EXPECTED   stops unless ZIP has exactly that SHA-256
# The deploy job runs the second form on the package it downloaded, before any AWS call, with the
# digest the package job published: whatever else arrives is not deployed.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

zip="${1:?usage: package-digest.sh ZIP [EXPECTED_SHA256]}"
expected="${2:-}"
[[ -f "$zip" ]] || fail "$zip is missing; run make package first."
digest="$(sha256sum "$zip")"
digest="${digest%% *}"

if [[ -z "$expected" ]]; then
  echo "$zip: sha256 $digest"
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "sha256=$digest" >> "$GITHUB_OUTPUT"; fi
  exit 0
fi
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] ||
  fail "the expected SHA-256 '$expected' is not 64 hex digits: did the package job publish its output?"
[[ "$digest" == "$expected" ]] ||
  fail "$zip has SHA-256 $digest, but the package job built $expected. This is not the package that was built; nothing was deployed."
echo "$zip is the package that was built (sha256 $digest)."
