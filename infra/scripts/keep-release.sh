#!/usr/bin/env bash
# keep-release.sh BUCKET VERSION PACKAGE CODE_SHA256 SITE COMMIT: records in the artifact bucket, as
# releases/VERSION, which package, site and commit a function version is: make rollback reads it to
# republish that version's site, and prune-versions.sh deletes it with the version.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

usage="usage: keep-release.sh BUCKET VERSION PACKAGE CODE_SHA256 SITE COMMIT"
bucket="${1:?$usage}" version="${2:?$usage}" package="${3:?$usage}" code_sha="${4:?$usage}"
site="${5:?$usage}" commit="${6:?$usage}"
record="$(mktemp)"
kept="$(mktemp)"
trap 'rm -f "$record" "$kept"' EXIT
printf 'version %s\npackage %s\ncode-sha256 %s\nsite %s\ncommit %s\n' "$version" "$package" "$code_sha" "$site" "$commit" > "$record"
# The same release deployed again writes nothing.
if read_object "$bucket" "releases/$version" "$kept" && cmp -s "$record" "$kept"; then
  echo "release $version already recorded: $package, $site"
  exit 0
fi
aws s3api put-object --bucket "$bucket" --key "releases/$version" --body "$record" >/dev/null
echo "recorded release $version: $package, $site, commit $commit"
