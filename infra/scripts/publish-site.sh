#!/usr/bin/env bash
# Publishes the static site to its S3 bucket so that a visitor never gets new HTML with old
# assets or the other way round:
#   1. upload the changed assets (everything but HTML),
#   2. upload the changed HTML,
#   3. delete objects that are no longer in the site,
#   4. invalidate in CloudFront only the paths that changed.
# "Changed" compares each file's MD5 with the object's ETag (single-part uploads with SSE-S3, as
# here), so publishing the same site twice uploads nothing. Every file gets its Content-Type
# from its extension, and Cache-Control: no-cache: the file names do not change with their
# content, so browsers must revalidate (a cheap 304) instead of mixing versions.
#
# Usage: publish-site.sh SITE_DIR BUCKET [DISTRIBUTION_ID]
# S3_ENDPOINT_URL points the AWS CLI at another S3 API (the tests' local server).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

site="${1:?usage: publish-site.sh SITE_DIR BUCKET [DISTRIBUTION_ID]}"
bucket="${2:?usage: publish-site.sh SITE_DIR BUCKET [DISTRIBUTION_ID]}"
distribution="${3:-}"
endpoint=()
[[ -n "${S3_ENDPOINT_URL:-}" ]] && endpoint=(--endpoint-url "$S3_ENDPOINT_URL")

content_type() {
  case "${1##*.}" in
    html) echo "text/html; charset=utf-8" ;;
    css) echo "text/css; charset=utf-8" ;;
    js | mjs) echo "text/javascript; charset=utf-8" ;;
    json) echo "application/json" ;;
    webmanifest) echo "application/manifest+json" ;;
    svg) echo "image/svg+xml" ;;
    png) echo "image/png" ;;
    ico) echo "image/x-icon" ;;
    txt) echo "text/plain; charset=utf-8" ;;
    *) echo "application/octet-stream" ;;
  esac
}

# What the bucket holds now: key and ETag (the MD5, without quotes).
# Listed first, on its own, so that a failed listing stops the script instead of looking empty.
listing="$(aws s3api list-objects-v2 "${endpoint[@]}" --bucket "$bucket" \
  --query 'Contents[].[Key, ETag]' --output text)"
declare -A remote=()
while IFS=$'\t' read -r key etag; do
  [[ -z "$key" || "$key" == "None" ]] && continue
  remote["$key"]="${etag//\"/}"
done <<< "$listing"

# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
file_list="$(cd "$site" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort)"
mapfile -t files <<< "$file_list"
changed=()

upload() {
  local key="$1" type
  type="$(content_type "$key")"
  aws s3api put-object "${endpoint[@]}" --bucket "$bucket" --key "$key" --body "$site/$key" \
    --content-type "$type" --cache-control "no-cache" >/dev/null
  echo "uploaded $key"
  changed+=("/$key")
}

for pass in assets html; do
  for key in "${files[@]}"; do
    is_html=false
    [[ "$key" == *.html ]] && is_html=true
    if [[ "$pass" == assets && "$is_html" == true ]] || [[ "$pass" == html && "$is_html" == false ]]; then
      continue
    fi
    local_md5="$(md5sum "$site/$key")"
    local_md5="${local_md5%% *}"
    if [[ "${remote[$key]:-}" != "$local_md5" ]]; then
      upload "$key"
    fi
  done
done

declare -A wanted=()
for key in "${files[@]}"; do wanted["$key"]=1; done
for key in "${!remote[@]}"; do
  if [[ -z "${wanted[$key]:-}" ]]; then
    aws s3api delete-object "${endpoint[@]}" --bucket "$bucket" --key "$key" >/dev/null
    echo "deleted $key"
    changed+=("/$key")
  fi
done

if [[ ${#changed[@]} -eq 0 ]]; then
  echo "site unchanged: nothing uploaded, nothing to invalidate"
  exit 0
fi
# index.html is also served as /.
for path in "${changed[@]}"; do
  [[ "$path" == "/index.html" ]] && changed+=("/")
done
if [[ -n "$distribution" ]]; then
  invalidation="$(aws cloudfront create-invalidation --distribution-id "$distribution" --paths "${changed[@]}" \
    --query 'Invalidation.Id' --output text)"
  echo "invalidation $invalidation"
else
  echo "would invalidate: ${changed[*]}"
fi
