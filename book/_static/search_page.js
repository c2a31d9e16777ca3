/* Search page: result summaries from the page's own text, not its navigation.
 * Sphinx's searchtools.js takes the summary from the whole [role="main"] element,
 * which in this theme also holds the page's table of contents and the previous/next
 * links: the first match was often a section title in the contents list. */
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
