#!/usr/bin/env bash
# make verify-trust: asks IAM's policy simulator (aws iam simulate-principal-policy) every question
# of infra/trust-requests.tsv about the deployed roles of the trust stack - the privilege scenarios
# and every request CloudFormation's handlers make for the app's resources, in their context
# (create: request tags, no resource tags) - and compares AWS's answer with the expected one. The
# offline tests ask the same questions of the project's own evaluator; this asks AWS's engine, with
# the real deployed policies, before any change set exists. Prints a table; any mismatch fails.
# Run it after make bootstrap with your credentials, and the deploy job runs it with the deploy role
# (which may ask the simulator about its own trust stack's four roles, and nothing else).
# Needs: AWS_REGION, APP_NAME as for make deploy (or DEPLOY_ENVIRONMENT as for make bootstrap).
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

deploy_environment_and_app
: "${AWS_REGION:?Set AWS_REGION}"
export AWS_REGION
questions="$(dirname "$0")/../trust-requests.tsv"
[[ -f "$questions" ]] || fail "no $questions: run make trust-requests."

trust_stack="$APP_NAME-github-oidc"
declare -A role_arn
role_arn["deploy role"]="$(stack_output "$trust_stack" DeployRoleArn)"
role_arn["execution role"]="$(stack_output "$trust_stack" CloudFormationExecutionRoleArn)"
role_arn["release role"]="$(stack_output "$trust_stack" ReleaseRoleArn)"
role_arn["function role"]="$(stack_output "$trust_stack" FunctionRoleArn)"
account="${role_arn["deploy role"]#arn:aws:iam::}"
account="${account%%:*}"

fill() { # VARIABLE TEXT: sets VARIABLE to TEXT with ${Account}, ${Region} and ${AppName} filled in
  local text="${2//\$\{Account\}/$account}"
  text="${text//\$\{Region\}/$AWS_REGION}"
  printf -v "$1" '%s' "${text//\$\{AppName\}/$APP_NAME}"
}

# KEY:TYPE=V1|V2;... as the simulator's ContextEntries (JSON); the values hold no quotes or backslashes.
context_entries() {
  local entry key type values json="" item
  local -a entries list
  IFS=';' read -ra entries <<< "$1"
  for entry in "${entries[@]}"; do
    key="${entry%%=*}" values="${entry#*=}"
    type="${key##*:}" key="${key%:*}"
    IFS='|' read -ra list <<< "$values"
    item=""
    for value in "${list[@]}"; do item+="${item:+,}\"$value\""; done
    json+="${json:+,}{\"ContextKeyName\":\"$key\",\"ContextKeyType\":\"$type\",\"ContextKeyValues\":[$item]}"
  done
  printf '[%s]' "$json"
}

# The questions, grouped by role, resource and context: one simulator call asks about all their actions.
declare -A actions expect origin_of
groups=()
# Tabs are whitespace to read, which would merge an empty column with the next: split on \x1f instead.
while IFS=$'\x1f' read -r from role action resource context expected; do
  [[ -z "$from" || "$from" == \#* ]] && continue
  fill resource "$resource"
  fill context "$context"
  group="$role"$'\x1f'"$resource"$'\x1f'"$context"
  [[ -n "${actions[$group]+set}" ]] || groups+=("$group")
  actions[$group]+="${actions[$group]:+ }$action"
  expect["$group"$'\x1f'"$action"]="$expected"
  origin_of["$group"$'\x1f'"$action"]="$from"
done < <(tr '\t' '\037' < "$questions" || true)

# shellcheck disable=SC2016 # the backticks are JMESPath literals, not a command
query='EvaluationResults[].[EvalActionName, EvalDecision, join(`,`, MatchedStatements[].SourcePolicyId || `[]`), join(`,`, MissingContextValues || `[]`)]'
table="" asked=0 wrong=0
for group in "${groups[@]}"; do
  IFS=$'\x1f' read -r role resource context <<< "$group"
  read -ra names <<< "${actions[$group]}"
  call=(aws iam simulate-principal-policy --policy-source-arn "${role_arn[$role]}" --action-names "${names[@]}"
    --resource-arns "$resource")
  [[ -n "$context" ]] && call+=(--context-entries "$(context_entries "$context")")
  if ! answer="$("${call[@]}" --query "$query" --output text 2>&1)"; then
    if [[ "$answer" == *AccessDenied* ]]; then
      fail "IAM's policy simulator refused to answer for the $role (${role_arn[$role]}): these credentials may not call
iam:SimulatePrincipalPolicy on it. The deploy role may since this version of infra/github-oidc.yaml: run make bootstrap
again; with your own credentials, you need that permission on the trust stack's roles."
    fi
    fail "IAM's policy simulator could not answer for the $role: ${answer%%$'\n'*}"
  fi
  while IFS=$'\x1f' read -r action decision matched missing; do
    [[ -z "$action" ]] && continue
    asked=$((asked + 1))
    wanted="${expect["$group"$'\x1f'"$action"]:-}"
    got=deny
    [[ "$decision" == "allowed" ]] && got=allow
    mark="ok"
    why=""
    if [[ "$got" != "$wanted" ]]; then
      mark="MISMATCH" wrong=$((wrong + 1))
      why="${matched:+matched: $matched}${missing:+${matched:+; }missing context: $missing}"
    fi
    table+="$mark | ${origin_of["$group"$'\x1f'"$action"]:-?} | $role | $action on $resource | expected $wanted | AWS: $decision${why:+ | $why}"$'\n'
  done <<< "${answer//$'\t'/$'\x1f'}"
done

echo "IAM's policy simulator on the roles of $trust_stack ($AWS_REGION):"
printf '%s' "$table"
if [[ "$wrong" -gt 0 ]]; then
  fail "$wrong of $asked answers differ from what the offline tests expect. The table above is the bug report: a
row AWS allows that should be denied, or one it refuses that the deploy needs (docs/trust.md, \"Asking AWS first\")."
fi
echo "All $asked answers are as expected."
