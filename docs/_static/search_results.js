/* The search page's snippets and titles (docs/_ext/search_index.py adds this file, after searchtools.js).
 *
 * searchtools.js cuts a result's snippet from the text of the page, or of the section it links to. That text
 * holds code, doctests and the MathML of displayed equations; here the snippet comes from the prose alone:
 * SEARCH_NOT_PROSE, written by the extension, lists what is left out.
 *
 * An index entry (an equation's name) links to its section but is titled by its page; here it is titled
 * "page > section", as a heading hit is, and each address is listed once, at its best score.
 */
"use strict";

// Inline math is read from its hidden MathML, which loses what the layout says (a root, a power, a fraction): it
// is written out on one line instead, √dₖ and 10⁻¹³ rather than "dk" and "10−13".
const _SUB = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉", "+": "₊",
  "−": "₋", a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ", r: "ᵣ",
  s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ" };
const _SUP = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹", "+": "⁺",
  "−": "⁻", "(": "⁽", ")": "⁾", i: "ⁱ", n: "ⁿ", T: "ᵀ", "⊤": "ᵀ", "′": "′", "∗": "*", "*": "*" };
const _ACCENT = { "^": "\u0302", "~": "\u0303", "¯": "\u0304", "―": "\u0304", "→": "\u20d7" };
// A script that has no Unicode form: a subscript follows its base (D_KL reads DKL), a power is marked.
const _script = (text, table, fallback) =>
  [...text].every((c) => c in table) ? [...text].map((c) => table[c]).join("") : fallback(text);
const _inline = (text) => text;
const _power = (text) => `^${_grouped(text)}`;
const _grouped = (text) => (/^([\p{L}\p{N}\p{M}.]+|\([^()]*\))$/u.test(text) ? text : `(${text})`);
const _mathText = (node) => {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent.trim();
  const parts = [...node.children].map(_mathText);
  switch (node.localName) {
    case "msqrt": return `√${_grouped(parts.join(""))}`;
    case "mfrac": return `${_grouped(parts[0])}/${_grouped(parts[1])}`;
    case "msub": case "munder": return parts[0] + _script(parts[1], _SUB, _inline);
    case "msup": return parts[0] + _script(parts[1], _SUP, _power);
    case "msubsup": case "munderover": return parts[0] + _script(parts[1], _SUB, _inline) + _script(parts[2], _SUP, _power);
    case "mover": return parts[1] in _ACCENT ? parts[0] + _ACCENT[parts[1]] : parts[0] + _script(parts[1], _SUP, _power);
    case "mtr": return parts.join(" ");
    case "mtable": return parts.join("; ");
    case "mi": case "mn": case "mo": case "mtext": return node.textContent.trim();
    default: return parts.join("");
  }
};

Search.htmlToText = (htmlString, anchor) => {
  const page = new DOMParser().parseFromString(htmlString, "text/html");
  page.querySelectorAll(SEARCH_NOT_PROSE).forEach((element) => element.remove());
  page.querySelectorAll("mjx-container").forEach((math) => {
    const mathml = math.querySelector("math");
    math.replaceWith(mathml ? _mathText(mathml) : "");
  });
  // The article: not the breadcrumbs, the page's contents or the links to the next page around it.
  const main = page.querySelector('[role="main"] article') || page.querySelector('[role="main"]');
  if (!main) return "";
  const target = anchor ? page.getElementById(anchor.slice(1)) : null;
  const block = target && main.contains(target) ? target : main;
  return block.textContent.replace(/\s+/g, " ").trim();
};

const _sectionTitles = () => {
  const index = Search._index;
  const titles = new Map();
  for (const [title, places] of Object.entries(index.alltitles))
    for (const [file, id] of places)
      if (id !== null) titles.set(`${index.docnames[file]}#${id}`, `${index.titles[file]} > ${title}`);
  return titles;
};

const _performSearchOnce = Search._performSearch;
Search._performSearch = (...query) => {
  // Results come in ascending order of score: the last of each address is its best.
  const results = _performSearchOnce(...query);
  const sectionTitles = _sectionTitles();
  const best = new Map();
  results.forEach((result, position) => {
    const [docName, , anchor, , , , kind] = result;
    const address = docName + anchor;
    if (kind === SearchResultKind.index && sectionTitles.has(address)) result[1] = sectionTitles.get(address);
    best.set(address, position);
  });
  return results.filter((result, position) => best.get(result[0] + result[2]) === position);
};
