#!/usr/bin/env bash
# make smoke URL=https://... [COMMIT=sha]: the deployed site answers, /api/health is 200 and
# /api/info reports the expected commit. Retries for a few minutes while CloudFront settles.
set -euo pipefail

url="${1:?usage: smoke.sh URL [COMMIT]}"
url="${url%/}"
commit="${2:-}"
attempts="${SMOKE_ATTEMPTS:-30}"
delay="${SMOKE_DELAY:-10}"

check() {
  curl -fsS --max-time 10 "$url/" | grep -q 'id="message-form"' || { echo "the site does not answer with the page"; return 1; }
  curl -fsS --max-time 10 -o /dev/null "$url/api/health" || { echo "/api/health is not 200"; return 1; }
  if [[ -n "$commit" ]]; then
    info="$(curl -fsS --max-time 10 "$url/api/info")" || { echo "/api/info does not answer"; return 1; }
    [[ "$info" == *"\"commit\":\"$commit\""* ]] || { echo "/api/info reports another commit: $info"; return 1; }
  fi
}

for ((i = 1; i <= attempts; i++)); do
  if problem="$(check 2>&1)"; then
    echo "smoke test passed: $url${commit:+ runs $commit}"
    exit 0
  fi
  echo "attempt $i/$attempts: $problem"
  ((i < attempts)) && sleep "$delay"
done
echo "smoke test failed for $url" >&2
exit 1
