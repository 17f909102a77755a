#!/usr/bin/env bash
# make refresh-aws-reference: rewrites the CloudFormation handler permissions the permission
# tests use (src/test/resources/aws-reference/cloudformation-handler-permissions.json) from
# CloudFormation's registry, for every resource type the file holds and every type infra/*.yaml
# uses. Needs AWS credentials that may call cloudformation:DescribeType, AWS_REGION and python3.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
command -v python3 >/dev/null || fail "python3 is needed to read the schemas."
target="${HANDLER_DATA:-src/test/resources/aws-reference/cloudformation-handler-permissions.json}"

known="$(python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))))' "$target")"
used="$(grep -ho 'Type: AWS::[A-Za-z0-9]*::[A-Za-z0-9]*' infra/*.yaml | sed 's/^Type: //')"
types="$(printf '%s\n%s\n' "$known" "$used" | LC_ALL=C sort -u)"

schemas="$(mktemp -d)"
trap 'rm -rf "$schemas"' EXIT
while read -r type; do
  [[ -n "$type" ]] || continue
  aws cloudformation describe-type --type RESOURCE --type-name "$type" --query Schema --output text \
    > "$schemas/$type.json"
  echo "read the schema of $type"
done <<< "$types"

python3 - "$schemas" "$target" <<'PYTHON'
import json, os, sys
schemas, target = sys.argv[1], sys.argv[2]
data = {}
for name in sorted(os.listdir(schemas)):
    with open(os.path.join(schemas, name)) as f:
        handlers = json.load(f).get("handlers", {})
    data[name[:-len(".json")]] = {
        handler: sorted(set(handlers[handler].get("permissions", [])))
        for handler in ("create", "read", "update", "delete") if handler in handlers
    }
with open(target, "w") as f:
    json.dump(data, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {target}: {len(data)} resource types")
PYTHON
