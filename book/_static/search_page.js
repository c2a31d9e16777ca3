/* Search page: pages that only define a word ranked below the pages that teach it,
 * and result summaries from the page's own text, not its navigation.
 *
 * Ranking. The glossary's terms are index entries, which searchtools.js scores far
 * above a chapter whose title or headings hold the word. searchtools.js keeps a
 * `Scorer` defined before it runs (Sphinx's html_search_scorer hook), so this file,
 * which runs just before it, defines Sphinx's default scores plus a `score` hook
 * (page lists written by book/_ext/hindi_search.py):
 * - a result on a page that only defines words (BOOK_DEFINITION_PAGES) scores at
 *   most a text match minus one: below the pages whose title or headings hold the
 *   word and below the chapters that use it;
 * - a text-only match on a page that does not teach (an appendix, not in
 *   BOOK_TEACHING_PAGES) scores one less than the same match in a chapter.
 *
 * Summaries. searchtools.js takes the summary from the whole [role="main"] element,
 * which in this theme also holds the page's table of contents and the previous/next
 * links: the first match was often a section title in the contents list. */
var Scorer = {
  // Sphinx 7.4's defaults (searchtools.js)
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  score: function (result) {
    "use strict";
    var definitionPages = window.BOOK_DEFINITION_PAGES || [];
    var teachingPages = window.BOOK_TEACHING_PAGES || [];
    var value = result[4];
    if (definitionPages.indexOf(result[0]) >= 0) return Math.min(value, Scorer.term - 1);
    if (teachingPages.length && teachingPages.indexOf(result[0]) < 0 && value <= Scorer.term) return value - 1;
    return value;
  },
};

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
});
