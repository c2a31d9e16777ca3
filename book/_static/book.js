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

/* "पूरी पुस्तक ऑफलाइन सहेजें" (book/_ext/book_offline.py): the button registers the
 * book's service worker, which stores every file of the book; pressed again once
 * saved, it removes the copy. Until it is pressed nothing is registered or cached. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var button = document.querySelector("button.book-offline-button");
  if (!button) return;
  var status = button.parentElement.querySelector(".book-offline-status");
  var size = button.querySelector(".book-offline-size");
  var label = button.firstChild.textContent.trim();
  var sizeText = size ? size.textContent : "";
  var sw = "serviceWorker" in navigator ? navigator.serviceWorker : null;
  var swUrl = new URL(button.dataset.sw, document.baseURI).href;
  var scope = new URL("./", swUrl).href;

  function say(text) { if (status) status.textContent = text; }
  function saved(yes) {
    button.dataset.saved = yes ? "1" : "0";
    button.firstChild.textContent = yes ? "ऑफलाइन प्रति हटाएँ " : label + " ";
    if (size) size.textContent = yes ? "" : sizeText;
    if (yes) say("यह पुस्तक इस ब्राउजर में ऑफलाइन पढ़ने के लिए सहेजी गई है।");
  }

  if (!sw) {
    button.disabled = true;
    say("यह ब्राउजर (या असुरक्षित http:// पता) ऑफलाइन सहेजना नहीं देता।");
    return;
  }
  sw.getRegistration(scope).then(function (reg) { if (reg && reg.active) saved(true); });
  sw.addEventListener("message", function (event) {
    var m = event.data || {};
    if (m.type === "book-offline-progress") {
      say("सहेजी जा रही है… " + Math.round((100 * m.done) / m.total) + "%");
    } else if (m.type === "book-offline-ready") {
      button.disabled = false;
      saved(true);
    }
  });

  button.addEventListener("click", function () {
    if (button.dataset.saved === "1") {
      sw.getRegistration(scope).then(function (reg) { return reg && reg.unregister(); }).then(function () {
        return caches.keys();
      }).then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("book-offline-") === 0; })
          .map(function (k) { return caches.delete(k); }));
      }).then(function () {
        saved(false);
        say("ऑफलाइन प्रति हटा दी गई।");
      });
      return;
    }
    button.disabled = true;
    say("सहेजी जा रही है…");
    sw.register(swUrl, { scope: scope }).then(function (reg) {
      var worker = reg.installing || reg.waiting || reg.active;
      if (!worker) return;
      if (worker.state === "activated") { button.disabled = false; saved(true); return; }
      worker.addEventListener("statechange", function () {
        if (worker.state === "activated") { button.disabled = false; saved(true); }
        if (worker.state === "redundant") { button.disabled = false; say("सहेजना पूरा नहीं हुआ; नेटवर्क जाँचकर फिर दबाएँ।"); }
      });
    }).catch(function () {
      button.disabled = false;
      say("सहेजना पूरा नहीं हुआ; नेटवर्क जाँचकर फिर दबाएँ।");
    });
  });
});
