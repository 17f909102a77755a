#!/usr/bin/env bash
# prune-versions.sh FUNCTION BUCKET KEEP LIVE: after a deploy, deletes every version of the function
# but the newest KEEP and the live one (the app stack retains replaced versions so that make rollback
# has somewhere to go), with their release records, and then every kept site that no remaining
# release names. Lambda's code storage then holds at most KEEP + 1 packages of this function.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

usage="usage: prune-versions.sh FUNCTION BUCKET KEEP LIVE"
function_name="${1:?$usage}" bucket="${2:?$usage}" keep="${3:?$usage}" live="${4:?$usage}"
if [[ ! "$keep" =~ ^[0-9]+$ ]] || ((keep < 2)); then
  fail "KEEP_VERSIONS must be a whole number of at least 2 (a rollback needs a version before the live one), not '$keep'."
fi

listed="$(aws lambda list-versions-by-function --function-name "$function_name" --query 'Versions[].Version' --output text)"
# shellcheck disable=SC2312 # pipefail and inherit_errexit (common.sh): a failing stage fails the assignment
versions="$(tr '\t' '\n' <<< "$listed" | grep -E '^[0-9]+$' | sort -n || true)"
mapfile -t all <<< "$versions"
kept=() deleted=()
for ((i = ${#all[@]} - 1; i >= 0; i--)); do
  version="${all[$i]}"
  [[ -n "$version" ]] || continue
  if ((${#kept[@]} < keep)) || [[ "$version" == "$live" ]]; then
    kept+=("$version")
    continue
  fi
  aws lambda delete-function --function-name "$function_name" --qualifier "$version"
  aws s3api delete-object --bucket "$bucket" --key "releases/$version" >/dev/null
  deleted+=("$version")
done
if ((${#deleted[@]} == 0)); then
  echo "versions kept: ${kept[*]}; none to delete"
else
  echo "versions kept: ${kept[*]}; deleted: ${deleted[*]}"
fi

# The sites the kept releases name stay; any other kept site goes.
declare -A named=()
record="$(mktemp)"
trap 'rm -f "$record"' EXIT
for version in "${kept[@]}"; do
  if read_object "$bucket" "releases/$version" "$record"; then
    site="$(sed -n 's/^site //p' "$record")"
    [[ -n "$site" ]] && named["$site"]=1
  fi
done
sites="$(aws s3api list-objects-v2 --bucket "$bucket" --prefix site/ --query 'Contents[].Key' --output text)"
for site in $sites; do
  [[ "$site" == "None" || -n "${named[$site]:-}" ]] && continue
  aws s3api delete-object --bucket "$bucket" --key "$site" >/dev/null
  echo "deleted the kept site $site (no kept version names it)"
done
