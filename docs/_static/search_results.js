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

Search.htmlToText = (htmlString, anchor) => {
  const page = new DOMParser().parseFromString(htmlString, "text/html");
  page.querySelectorAll(SEARCH_NOT_PROSE).forEach((element) => element.remove());
  const main = page.querySelector('[role="main"]');
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
