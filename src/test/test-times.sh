#!/usr/bin/env bash
# make test-times: runs the tests group by group (a group is a package of src/test/java), each
# group alone, and prints how long each took (wall clock) and how many tests it ran. A
# measurement, not a check: it takes as long as the groups together, and the figures depend on
# the machine. Builds the package and the tests first (the packaging group's tests read
# target/function.zip); MVNW is the Maven command (./mvnw -B by default).
set -euo pipefail

: "${MVNW:=./mvnw -B}"
base=src/test/java/org/acme/guestbook
# shellcheck disable=SC2086 # MVNW holds a command and its options
$MVNW -q package -DskipTests

groups=("$base")
for dir in "$base"/*/; do groups+=("${dir%/}"); done

printf '| group | tests | seconds |\n|---|---|---|\n'
total=0
for dir in "${groups[@]}"; do
  package="org.acme.guestbook${dir#"$base"}"
  package="${package//\//.}"
  if [[ "$dir" == "$base" ]]; then pattern="$package.*Test"; name="(top level)"; else pattern="$package.**"; name="${dir#"$base"/}"; fi
  rm -rf target/surefire-reports
  start=$EPOCHREALTIME
  # shellcheck disable=SC2086
  if ! $MVNW -q surefire:test -Dtest="$pattern" -Dsurefire.failIfNoSpecifiedTests=false >target/test-times.log 2>&1; then
    echo "The $name tests failed; see target/test-times.log" >&2
    exit 1
  fi
  seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
  reports=(target/surefire-reports/TEST-*.xml)
  tests=0
  if [[ -e "${reports[0]}" ]]; then
    tests=$(awk 'match($0, /<testsuite [^>]* tests="[0-9]+"/) { t = substr($0, RSTART, RLENGTH); sub(/.* tests="/, "", t);
      n += t + 0 } END { print n + 0 }' "${reports[@]}")
  fi
  [[ "$tests" -gt 0 ]] || continue  # a folder of helpers, no tests
  total=$((total + seconds))
  printf '| %s | %s | %s |\n' "$name" "$tests" "$seconds"
done
printf '| all groups, one after another | | %s |\n' "$total"
