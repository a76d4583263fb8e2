// Drops the style rules no page of the built site can use (book/extension/site_weight.py runs this after
// the build): PurgeCSS from the npm registry (pinned in book/package-lock.json) reads every page
// and every script that can add a class, and keeps a rule only if its selectors can match. What is
// kept is then minified by csso without restructuring (no rule is moved, merged or dropped, so the
// cascade is as written; `/*! ... */` licence comments stay).
//
//   node book/extension/purge_css.js SITE_DIR STYLESHEET...    (paths relative to SITE_DIR)
//
// Each stylesheet is rewritten in place; one JSON line on stdout lists, per stylesheet, the
// size before and after and the selectors removed.
"use strict";
const fs = require("fs");
const path = require("path");
const { PurgeCSS } = require("purgecss");
const purgeHtml = require("purgecss-from-html");
const csso = require("csso");

// States that scripts write as attribute values or build from parts, which no page holds
// as text: light/dark mode, Bootstrap's tooltip and dropdown placements, open dialogs.
const SAFELIST = {
  standard: [/^show$/, /^fade$/, /^collapsing$/, /^active$/, /^disabled$/],
  deep: [/^bs-tooltip/, /^tooltip/, /^dropdown-menu/],
  greedy: [/data-bs-popper/, /\[open\]/, /bs-tooltip/, /tooltip-arrow/],
};

function files(dir, test) {
  return fs.readdirSync(dir, { recursive: true })
    .map((name) => path.join(dir, name))
    .filter((file) => test(file) && fs.statSync(file).isFile());
}

// The block of `ml4aListing("<key>", "<JSON string>");` (site_listings.listing_script).
function listingBlock(script) {
  const start = script.indexOf('", ');
  if (!script.startsWith('ml4aListing("') || start < 0 || !script.endsWith(");\n")) {
    throw new Error(`not a listing script: ${script.slice(0, 60)}`);
  }
  return JSON.parse(script.slice(start + 3, -");\n".length));
}

async function main() {
  const [site, ...sheets] = process.argv.slice(2);
  if (!site || sheets.length === 0) {
    throw new Error("usage: node purge_css.js SITE_DIR STYLESHEET...");
  }
  const listings = path.join(site, "_static", "listings");
  const content = [
    ...files(site, (f) => f.endsWith(".html") && !f.includes(`${path.sep}_static${path.sep}`)),
    // Bootstrap's script names every component it has; the states it sets are safelisted.
    ...files(
      path.join(site, "_static"),
      (f) => f.endsWith(".js") && !f.endsWith("bootstrap.js") && path.dirname(f) !== listings,
    ),
    // A figure's code listing is a script that hands the page a block of highlighted markup
    // (book/extension/site_listings.py): read as that markup, like the pages (the words of
    // the code never become classes).
    ...(fs.existsSync(listings) ? files(listings, (f) => f.endsWith(".js")) : []).map(
      (f) => ({ raw: listingBlock(fs.readFileSync(f, "utf8")), extension: "html" }),
    ),
  ];
  // One purge for all the sheets, so that the pages are read once.
  const before = sheets.map((sheet) => fs.readFileSync(path.join(site, sheet), "utf8"));
  const results = await new PurgeCSS().purge({
    content,
    css: before.map((raw) => ({ raw })),
    // Pages are read as HTML (their tags, classes, ids and attributes, not their words);
    // scripts as text, since any string in them may become a class.
    extractors: [{ extractor: purgeHtml, extensions: ["html"] }],
    safelist: SAFELIST,
    fontFace: false,
    keyframes: false,
    variables: false,
    rejected: true,
  });
  const report = {};
  sheets.forEach((sheet, index) => {
    const { rejected } = results[index];
    const css = csso.minify(results[index].css, { restructure: false }).css;
    fs.writeFileSync(path.join(site, sheet), css);
    report[sheet] = {
      before: Buffer.byteLength(before[index]),
      after: Buffer.byteLength(css),
      rejected: rejected.length,
    };
  });
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((error) => {
  process.stderr.write(`purge_css: ${error.message}\n`);
  process.exit(1);
});
