/* The search page of a language's book (book/extension/site_search.py), run after Sphinx's
   searchtools.js and before it searches (its messages are in the book's language, from
   Sphinx's own catalogs):
   - each result's snippet is taken from the page's article, from the first match on, never
     from the language switch, the title, the heading marks or the code toggles;
   - the words highlighted are the words as typed (Korean is looked up by syllable n-grams,
     which are not words);
   - a formula reads in a line, as written from its MathML: a fraction numerator first
     ("∂J/∂m"), powers and indices marked ("x_i", "w^2"), relations spaced; the typeset copy,
     whose text lists a fraction's denominator first, is not used. */
(function () {
  "use strict";
  const SNIPPET_LENGTH = 240;
  // Not the page's text: the language link, the page title (the result's link shows it),
  // heading marks, code toggles and folded code, buttons (formulas are read in a line first).
  const FURNITURE = [
    ".ml4a-lang-switch", ".ml4a-behind", "h1", ".headerlink", "details.hide > summary",
    ".cell_input", "button", "script", "style",
  ].join(", ");

  /* The words of a query as typed, lower case, without stop words and bare numbers. */
  const typedWords = (query) =>
    query.toLowerCase().split(/[^\p{Letter}\p{Number}_]+/u)
      .filter((word) => word && !stopwords.includes(word) && !/^\d+$/.test(word));

  let typed = [];
  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {
    const parsed = parseQuery(query);
    typed = typedWords(query);
    parsed[3] = new Set(typed); // the words to highlight
    if (SPHINX_HIGHLIGHT_ENABLED) {
      localStorage.setItem("sphinx_highlight_terms", typed.join(" "));
    }
    return parsed;
  };

  // Operators read with a space on each side.
  const SPACED = new Set(["=", "≠", "<", ">", "≤", "≥", "≈", "←", "→", "+", "−", "±", "×", "·"]);

  /* Text read as one term: in parentheses unless a single word or number. */
  const grouped = (text) =>
    /^[\p{Letter}\p{Number}.∂′⊤_]*$/u.test(text.trim()) ? text.trim() : `(${text.trim()})`;
  const term = (node) => grouped(linear(node));

  /* A MathML element as a line of text. */
  const linear = (node) => {
    const [a, b, c] = node.children;
    switch (node.localName) {
      case "annotation": return "";
      case "mfrac": return `${term(a)}/${term(b)}`;
      case "msup": return `${linear(a)}^${term(b)}`;
      case "msub": case "munder": return `${linear(a)}_${term(b)}`;
      case "msubsup": case "munderover": return `${linear(a)}_${term(b)}^${term(c)}`;
      case "mover": return linear(a) + linear(b);
      case "msqrt": return `√${grouped([...node.children].map(linear).join(""))}`;
      case "mspace": return " ";
      case "mtr": return [...node.children].map(linear).join(" ");
      case "mtable": // rows, each ended by a semicolon unless it ends with its own mark
        return [...node.children].map(linear).map((row) => row.trim())
          .map((row, i, rows) => (i < rows.length - 1 && !/[,.;]$/.test(row) ? `${row};` : row))
          .join(" ");
      case "mo": {
        const text = node.textContent.trim();
        return SPACED.has(text) ? ` ${text} ` : text === "," ? ", " : text;
      }
      default:
        return node.children.length ? [...node.children].map(linear).join("") : node.textContent;
    }
  };

  /* A typeset formula (KaTeX's HTML and MathML) as a line of text. */
  const formulaText = (katex) => {
    const math = katex.querySelector(".katex-mathml math");
    return math ? linear(math).replace(/\s+/g, " ").trim() : katex.textContent;
  };

  /* The text of a result page's article (or of the section a title match points to). */
  Search.htmlToText = (html, anchor) => {
    const page = new DOMParser().parseFromString(html, "text/html");
    const article = page.querySelector("article.bd-article");
    if (!article) return "";
    article.querySelectorAll(".katex").forEach((katex) => {
      const display = katex.parentElement.classList.contains("katex-display");
      const text = formulaText(katex); // an inline formula keeps its neighbours (a particle)
      katex.replaceWith(page.createTextNode(display ? ` ${text} ` : text));
    });
    article.querySelectorAll(FURNITURE).forEach((element) => element.remove());
    const section = anchor ? page.getElementById(decodeURIComponent(anchor.slice(1))) : null;
    const part = section && article.contains(section) ? section : article;
    return part.textContent.replace(/\s+/g, " ").trim();
  };

  const firstIndex = (text, terms) => {
    const found = terms.map((term) => text.indexOf(term)).filter((at) => at > -1);
    return found.length ? Math.min(...found) : -1;
  };

  /* The snippet: from the word holding the first match of a typed word (or, failing that, of
     a looked-up key: an English stem, a Korean n-gram), SNIPPET_LENGTH characters long. */
  Search.makeSearchSummary = (html, keys, anchor) => {
    const text = Search.htmlToText(html, anchor);
    if (!text) return null;
    const lower = text.toLowerCase();
    let start = firstIndex(lower, typed);
    if (start < 0) start = firstIndex(lower, [...keys].map((key) => key.replace(/^\((.*)\)$/, "$1")));
    start = Math.max(start, 0);
    while (start > 0 && !/\s/.test(text[start - 1])) start--;
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start > 0 ? "…" : "") + text.substr(start, SNIPPET_LENGTH).trim() +
      (start + SNIPPET_LENGTH < text.length ? "…" : "");
    return summary;
  };
})();
