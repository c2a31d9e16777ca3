/* Search page: result summaries from the page's own text, not its navigation, and
 * pages that only define a word ranked below the pages that teach it.
 *
 * Sphinx's searchtools.js takes the summary from the whole [role="main"] element,
 * which in this theme also holds the page's table of contents and the previous/next
 * links: the first match was often a section title in the contents list.
 * The glossary's terms are index entries, which searchtools scores far above a
 * chapter whose title or headings hold the word; a result on a page that only
 * defines words (BOOK_DEFINITION_PAGES, written by book/_ext/hindi_search.py) keeps
 * at most the score of a plain text match plus one: above chapters that only mention
 * the word, below those whose title or headings hold it. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // searchtools.js declares `const Search` (a global binding, not a window property)
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  var htmlToText = Search.htmlToText;
  var NAVIGATION = ".bd-sidebar-secondary, .bd-toc, nav, .prev-next-area, " +
    ".bd-header-article, .bd-footer-article, .bd-footer-content, .onlyprint";
  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(NAVIGATION).forEach(function (el) { el.remove(); });
    return htmlToText(doc.documentElement.outerHTML, anchor);
  };
  if (typeof Scorer === "undefined") return;
  var definitionPages = new Set(window.BOOK_DEFINITION_PAGES || []);
  var score = Scorer.score;
  Scorer.score = function (result) {
    var value = score ? score(result) : result[4];
    return definitionPages.has(result[0]) ? Math.min(value, Scorer.term + 1) : value;
  };
});
