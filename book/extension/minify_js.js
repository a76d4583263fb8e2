// Minifies scripts of the built site in place (book/extension/site_weight.py runs this after the build):
// terser from the npm registry (pinned in book/package-lock.json). The sources in book/static/
// stay readable, and the tests run them; the site serves the minified copies. Comments that
// carry a copyright or a licence are kept.
//
//   node book/extension/minify_js.js SCRIPT...    (paths of files, each rewritten in place)
//
// One JSON line on stdout gives, per script, its size before and after.
"use strict";
const fs = require("fs");
const { minify } = require("terser");

async function main() {
  const scripts = process.argv.slice(2);
  if (scripts.length === 0) throw new Error("usage: node minify_js.js SCRIPT...");
  const report = {};
  for (const file of scripts) {
    const before = fs.readFileSync(file, "utf8");
    // Each file is a classic script: its top-level names are left alone (other scripts and
    // the page may call them); only what is inside its functions is renamed.
    const result = await minify(before, {
      compress: { passes: 2 },
      mangle: true,
      format: { comments: /copyright|licen[cs]e|@preserve/i },
      ecma: 2015,
    });
    if (typeof result.code !== "string" || result.code.length === 0) {
      throw new Error(`terser gave nothing for ${file}`);
    }
    fs.writeFileSync(file, result.code + "\n");
    report[file] = { before: Buffer.byteLength(before), after: Buffer.byteLength(result.code) + 1 };
  }
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
