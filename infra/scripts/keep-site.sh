#!/usr/bin/env bash
# keep-site.sh SITE_DIR BUCKET: keeps the site as site/SHA256.tar.gz in the artifact bucket, named by
# its contents (every file's path and SHA-256), so that make rollback can publish the site of an
# older release without a rebuild. The same site twice uploads nothing. Prints the key.
# S3_ENDPOINT_URL points the AWS CLI at another S3 API (the tests' local server).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

site="${1:?usage: keep-site.sh SITE_DIR BUCKET}"
bucket="${2:?usage: keep-site.sh SITE_DIR BUCKET}"
endpoint=()
[[ -n "${S3_ENDPOINT_URL:-}" ]] && endpoint=(--endpoint-url "$S3_ENDPOINT_URL")

# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
files="$(cd "$site" && find . -type f ! -name '.*' | LC_ALL=C sort)"
# shellcheck disable=SC2312 # the same
contents="$(cd "$site" && tr '\n' '\0' <<< "$files" | xargs -0 sha256sum)"
digest="$(sha256sum <<< "$contents")"
key="site/${digest%% *}.tar.gz"

if found="$(aws s3api head-object "${endpoint[@]}" --bucket "$bucket" --key "$key" 2>&1)"; then
  echo "site $key already kept" >&2
elif [[ "$found" == *"Not Found"* || "$found" == *"404"* ]]; then
  archive="$(mktemp)"
  trap 'rm -f "$archive"' EXIT
  # Exactly the files the name was taken from (what publish-site.sh publishes); GNU and BSD tar alike.
  list="$(mktemp)"
  trap 'rm -f "$archive" "$list"' EXIT
  printf '%s\n' "$files" > "$list"
  tar -C "$site" -czf "$archive" -T "$list"
  aws s3api put-object "${endpoint[@]}" --bucket "$bucket" --key "$key" --body "$archive" >/dev/null
  echo "kept the site as $key" >&2
else
  fail "cannot check s3://$bucket/$key: $found"
fi
printf '%s\n' "$key"
