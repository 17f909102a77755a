#!/usr/bin/env bash
# What target/function.zip is built from, one line each: the JDK's major version and the git
# hash of every input as it is in the working tree (committed or not; ignored files do not
# count). make package writes this to target/function.inputs; its SHA-256 is the package's S3
# key, so two builds of the same inputs share one key and one upload, whatever their bytes.
#   package-inputs.sh           with the JDK that builds (JAVA_HOME, else java on PATH, as mvnw)
#   package-inputs.sh JDK       with that major version (make deploy: the one recorded at build)
# The inputs: the build (pom.xml, the Maven wrapper), the function's sources and resources, and
# the zip rewriter the build runs. Tests, the site, infra and docs are not in the zip.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

INPUTS=(pom.xml .mvn mvnw src/main infra/scripts/ReproducibleZip.java)

jdk="${1:-}"
if [[ -z "$jdk" ]]; then
  java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  settings="$("$java_bin" -XshowSettings:properties -version 2>&1)" || fail "cannot run $java_bin to learn the JDK's version."
  jdk="$(sed -n 's/^ *java\.specification\.version = //p' <<< "$settings")"
fi
[[ "$jdk" =~ ^[0-9]+$ ]] || fail "the JDK's major version '$jdk' is not a number."

git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
  fail "the package is named by the git hashes of its inputs: run this in a git checkout."
# A throw-away index holding only the inputs as they are on disk, so uncommitted changes count.
index="$(mktemp)"
trap 'rm -f "$index"' EXIT
GIT_INDEX_FILE="$index" git read-tree --empty
GIT_INDEX_FILE="$index" git add --all -- "${INPUTS[@]}"
tree="$(GIT_INDEX_FILE="$index" git write-tree)"

echo "jdk $jdk"
for input in "${INPUTS[@]}"; do
  hash="$(git rev-parse --verify --quiet "$tree:$input")" || fail "the build input $input is missing."
  echo "$input $hash"
done
