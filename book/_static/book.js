/* The sidebar buttons a reader sees. sphinx-book-theme 1.3 puts its own "contents"
 * buttons in the article header, but its script and pydata-sphinx-theme's bind the
 * sidebars to the first ".primary-toggle"/".secondary-toggle" only: a hidden copy in
 * the theme's top bar. On a phone the visible buttons did nothing (no way to open the
 * table of contents). Their clicks are forwarded to the bound button. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  ["primary-toggle", "secondary-toggle"].forEach(function (name) {
    var buttons = document.querySelectorAll("." + name);
    if (buttons.length < 2) return;
    var bound = buttons[0];
    Array.prototype.slice.call(buttons, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    });
  });
});
