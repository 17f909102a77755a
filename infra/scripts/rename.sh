#!/usr/bin/env bash
# make rename NAME=my-app PACKAGE=com.example.myapp: turns this repository into your own app.
# Changes the Maven coordinates (groupId = PACKAGE without its last part, artifactId = NAME), moves
# the Java package (org.acme.guestbook in the template) and its folders to PACKAGE, makes NAME the default app name
# (the templates' AppName, the scripts and the workflows: your stacks, roles and buckets are named
# after it), and puts NAME in the site's title, its heading and the README's title. It works on a
# clean git tree only, so that `git diff` shows exactly what it did and `git checkout .` undoes it.
# shellcheck source=infra/scripts/common.sh
source "$(dirname "$0")/common.sh"

# What the repository is called now, read from the tree (a renamed repository can be renamed again):
# the handler's package, the project's own Maven coordinates, the site's title and heading.
handler="$(git ls-files 'src/main/java/*/GuestbookFunction.java' | head -n 1)"
[[ -n "$handler" ]] || fail "there is no GuestbookFunction.java under src/main/java: is this the template's repository?"
OLD_PACKAGE="$(sed -n 's/^package \([a-z0-9_.]*\);$/\1/p' "$handler")"
OLD_GROUP="$(sed -n 's|^    <groupId>\(.*\)</groupId>$|\1|p' pom.xml | head -n 1)"
OLD_ARTIFACT="$(sed -n 's|^    <artifactId>\(.*\)</artifactId>$|\1|p' pom.xml | head -n 1)"
OLD_TITLE="$(sed -n 's|^  <title>\(.*\)</title>$|\1|p' src/site/index.html)"
OLD_HEADING="$(sed -n 's|^    <h1>\(.*\)</h1>$|\1|p' src/site/index.html)"
OLD_APP="$DEFAULT_APP_NAME"
[[ -n "$OLD_PACKAGE" && -n "$OLD_GROUP" && -n "$OLD_ARTIFACT" && -n "$OLD_TITLE" && -n "$OLD_HEADING" ]] ||
  fail "cannot read the current package, Maven coordinates or site title (pom.xml, src/site/index.html)."

name="${1:-}"
package="${2:-}"
[[ "$name" =~ ^[a-z][a-z0-9-]{1,19}$ && "$name" != *- ]] ||
  fail "NAME must be 2-20 lower-case letters, digits or hyphens, starting with a letter (it names stacks, roles and buckets): '$name'"
[[ "$package" =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$ ]] ||
  fail "PACKAGE must be a Java package of at least two parts in lower case, such as com.example.myapp: '$package'"
keywords=" abstract assert boolean break byte case catch char class const continue default do double else enum extends
  final finally float for goto if implements import instanceof int interface long native new package private protected
  public return short static strictfp super switch synchronized this throw throws transient try void volatile while
  true false null var record yield sealed permits "
IFS=. read -ra parts <<< "$package"
for part in "${parts[@]}"; do
  [[ "$keywords" != *" $part "* ]] || fail "PACKAGE may not contain the Java keyword '$part': '$package'"
done
[[ "$package" != "$OLD_PACKAGE" ]] || fail "PACKAGE is already $OLD_PACKAGE."
[[ "$name" != "$OLD_APP" ]] || fail "NAME is already $OLD_APP."
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || fail "run make rename in the git checkout of this repository."
changes="$(git status --porcelain)"
[[ -z "$changes" ]] || fail "the working tree has changes; commit or stash them first, so that the rename is its own diff:
$changes"

group="${package%.*}"
new_dir="${package//.//}"
old_dir="${OLD_PACKAGE//.//}"

# 1. The Java package: folders first, then every mention in the tree's text files.
for root in src/main/java src/test/java src/local/java src/bench/java src/bench/shared/java src/bench/http-extension/src/main/java; do
  [[ -d "$root/$old_dir" ]] || continue
  mkdir -p "$(dirname "$root/$new_dir")"
  git mv "$root/$old_dir" "$root/$new_dir"
  rmdir -p "$root/$(dirname "$old_dir")" 2>/dev/null || true
done
replace_everywhere() { # FROM TO: in every tracked text file that mentions FROM
  local from="$1" to="$2" files
  files="$(git grep -l -I -F -e "$from" -- . ':!infra/scripts/rename.sh' || true)"
  [[ -z "$files" ]] && return 0
  while IFS= read -r file; do
    FROM="$from" TO="$to" perl -pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$file"
  done <<< "$files"
}
replace_everywhere "$OLD_PACKAGE" "$package"
replace_everywhere "$old_dir" "$new_dir"

# 2. Maven coordinates: the project's own groupId (the first one) and artifactId.
OLD="$OLD_GROUP" NEW="$group" perl -0pi -e 's{<groupId>\Q$ENV{OLD}\E</groupId>}{<groupId>$ENV{NEW}</groupId>}' pom.xml
OLD="$OLD_ARTIFACT" NEW="$name" perl -0pi -e 's{^(    <artifactId>)\Q$ENV{OLD}\E(</artifactId>)$}{$1$ENV{NEW}$2}m' pom.xml

# 3. The default app name: templates, scripts, workflows.
OLD="$OLD_APP" NEW="$name" perl -pi -e 's/^(    Default: )\Q$ENV{OLD}\E$/$1$ENV{NEW}/' infra/app.yaml infra/github-oidc.yaml
OLD="$OLD_APP" NEW="$name" perl -pi -e 's/^DEFAULT_APP_NAME=\Q$ENV{OLD}\E$/DEFAULT_APP_NAME=$ENV{NEW}/' infra/scripts/common.sh
for workflow in .github/workflows/*.yml; do
  OLD="$OLD_APP" NEW="$name" perl -pi -e "s/vars\.APP_NAME \|\| '\Q\$ENV{OLD}\E'/vars.APP_NAME || '\$ENV{NEW}'/g" "$workflow"
done

# 4. What people read: the site's title and heading, the README's title.
replace_everywhere "$OLD_TITLE" "$name"
OLD="$OLD_HEADING" NEW="$name" perl -pi -e 's{<h1>\Q$ENV{OLD}\E</h1>}{<h1>$ENV{NEW}</h1>}' src/site/index.html
perl -pi -e "s/^# .*/# $name/ if \$. == 1" README.md

echo "Renamed to $name ($package, Maven $group:$name). What changed:"
git add --all
git status --short
echo "Review it with git diff --cached, then commit. Default app name: $name (re-run make bootstrap for new stacks)."
