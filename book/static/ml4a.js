// Pause control for the book's animations (WCAG 2.2.2: moving content can be paused).
// Each animated figure (class "ml4a-animation") shows its animation in a <picture>: for each
// layout a WebP <source> and the GIF as fallback (book/extension/site_figures.py). Every <source> and
// the <img> name, in data-still, the still poster of the same layout: a button switches
// between them. The link around the picture opens the full-size animation, or the
// full-size poster while paused. The figure also keeps a poster <img class="ml4a-poster">
// for print.
(function () {
  "use strict";
  /* global ML4A_WORDS */
  // The scripts' words in the book's language, from its message catalogs (ml4a_words.js,
  // written by book/extension/site_languages.py).
  var WORDS = typeof ML4A_WORDS === "object" ? ML4A_WORDS : {};

  // Drawn, not typed: not every font has the media-control characters.
  var SVG = '<svg aria-hidden="true" width="0.8em" height="0.8em" viewBox="0 0 10 10">';
  var PAUSE_ICON = SVG + '<rect x="1" y="1" width="3" height="8"/><rect x="6" y="1" width="3" ' +
    'height="8"/></svg>';
  var PLAY_ICON = SVG + '<path d="M2 1 L9 5 L2 9 Z"/></svg>';

  function setUp(figure) {
    var img = figure.querySelector("picture img");
    if (!img || !img.dataset.still) return;
    var link = img.closest("a");
    var sources = Array.prototype.slice.call(img.parentNode.querySelectorAll("source"));
    // What each element shows while playing: the animation's file and its type.
    var moving = sources.map(function (source) {
      return { srcset: source.getAttribute("srcset"), type: source.getAttribute("type") };
    });
    var gif = img.getAttribute("src");
    var words = WORDS;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ml4a-pause";
    var shown = link || img;
    shown.parentNode.insertBefore(button, shown.nextSibling);

    function show(playing) {
      // The sources first: changing them makes the browser choose the picture again.
      sources.forEach(function (source, i) {
        source.setAttribute("srcset", playing ? moving[i].srcset : source.dataset.still);
        if (playing && moving[i].type) source.setAttribute("type", moving[i].type);
        if (!playing) source.removeAttribute("type"); // the posters are PNGs
      });
      img.setAttribute("src", playing ? gif : img.dataset.still);
      if (link) link.setAttribute("href", zoomTarget(img));
      figure.dataset.playing = playing ? "true" : "false";
      button.innerHTML = (playing ? PAUSE_ICON : PLAY_ICON) + " ";
      button.appendChild(document.createTextNode(playing ? words.pause : words.play));
      // One convention for every toggle: its label names what it will do (no aria-pressed).
    }
    button.addEventListener("click", function () {
      show(figure.dataset.playing !== "true");
    });
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
    show(!(reduce && reduce.matches));
  }

  // Whether the page is dark: the reader's choice with the theme's switch (data-mode "light"
  // or "dark"), else ("auto") the system's setting. Not data-theme alone: the theme sets it to
  // "light" in the page's head and resolves "auto" only once its own script has run.
  function darkTheme() {
    var mode = document.documentElement.getAttribute("data-mode");
    if (mode === "dark" || mode === "light") return mode === "dark";
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  // What the link around a figure opens: its wide picture in the page's theme, as shown
  // (the animation, or its poster while paused).
  function zoomTarget(img) {
    if (darkTheme()) {
      var wide = img.parentNode.querySelectorAll("source[data-theme='dark'][data-layout='wide']");
      if (wide.length) return wide[wide.length - 1].getAttribute("srcset");
    }
    return img.getAttribute("src");
  }

  // Every figure is drawn in a light and a dark style (book/extension/site_figures.py). The dark
  // pictures' media queries name the system's setting (prefers-color-scheme), which is what
  // the theme shows until the reader picks one with its switch; then each dark <source>'s
  // query becomes its layout's alone (a dark page) or one that never matches (a light page),
  // and the browser picks the picture again: live, and fetching only the picture shown.
  function followTheme() {
    var dark = darkTheme();
    document.querySelectorAll("picture source[data-theme='dark']").forEach(function (source) {
      if (!source.hasAttribute("data-media")) {
        source.setAttribute("data-media", source.getAttribute("media") || "");
      }
      var layout = source.getAttribute("data-media")
        .replace(/\s*(and\s*)?\(prefers-color-scheme:\s*dark\)/, "").replace(/^\s*and\s*/, "");
      var media = dark ? layout || "all" : "not all";
      if (source.getAttribute("media") !== media) source.setAttribute("media", media);
    });
    document.querySelectorAll("a.ml4a-zoom > picture > img").forEach(function (img) {
      img.parentNode.parentNode.setAttribute("href", zoomTarget(img));
    });
  }

  // The theme's collapsible table-of-contents entries show only an icon: name them.
  function nameToggles() {
    document.querySelectorAll("summary").forEach(function (summary) {
      if (!summary.textContent.trim() && !summary.getAttribute("aria-label")) {
        summary.setAttribute("aria-label", WORDS.toggle);
      }
    });
  }

  // A printed animation shows its poster (the final frame; see ml4a.css). Posters load only
  // when first shown, so fetch them all as soon as the page is about to be printed.
  function loadPostersForPrint() {
    function load() {
      // ... and every other picture that waits for the reader to scroll near it.
      document.querySelectorAll("img.ml4a-poster, img[loading='lazy']").forEach(function (img) {
        img.loading = "eager";
      });
    }
    window.addEventListener("beforeprint", load);
    var print = window.matchMedia && window.matchMedia("print");
    if (print && print.addEventListener) {
      print.addEventListener("change", function (event) {
        if (event.matches) load();
      });
    }
  }

  // The header's download menu (the theme's Bootstrap markup, without Bootstrap's 81 kB
  // script): its button opens and closes the menu; Escape, a tap elsewhere or leaving the
  // menu with Tab closes it. The menu's entries are ordinary links and buttons.
  function setUpMenu(button) {
    var menu = button.parentElement.querySelector(".dropdown-menu");
    if (!menu) return;
    function open(show) {
      menu.classList.toggle("show", show);
      button.setAttribute("aria-expanded", show ? "true" : "false");
    }
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      open(!menu.classList.contains("show"));
      if (menu.classList.contains("show")) {
        var first = menu.querySelector("a, button");
        if (first && event.detail === 0) first.focus(); // opened from the keyboard
      }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) open(false);
    });
    button.parentElement.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("show")) {
        open(false);
        button.focus();
      }
    });
    button.parentElement.addEventListener("focusout", function (event) {
      if (!button.parentElement.contains(event.relatedTarget)) open(false);
    });
  }

  // "Show code" under a figure: its highlighted code is a script of its own
  // (book/extension/site_listings.py), added when the reader first opens it. A script, not fetch(), so
  // that a site folder opened from disk shows it too.
  function setUpListing(details) {
    var slot = details.querySelector(".ml4a-listing[data-src]");
    if (!slot) return;
    var words = WORDS;
    function load() {
      if (!details.open || slot.dataset.state) return;
      slot.dataset.state = "loading";
      slot.textContent = words.loading;
      var script = document.createElement("script");
      script.src = slot.dataset.src;
      script.onerror = function () {
        slot.dataset.state = "failed";
        slot.textContent = words.failed;
      };
      document.head.appendChild(script);
    }
    details.addEventListener("toggle", load);
    load();
  }

  // sphinx-copybutton's button, for code that arrives after it has set up the page's code.
  function addCopyButtons(slot) {
    /* global messages, locale, iconCopy */
    if (typeof iconCopy === "undefined" || typeof messages === "undefined") return;
    slot.querySelectorAll("div.highlight pre").forEach(function (pre, i) {
      pre.id = "ml4a-listing-" + slot.dataset.key + "-" + i;
      var button = document.createElement("button");
      button.className = "copybtn o-tooltip--left";
      button.dataset.tooltip = messages[locale].copy;
      button.dataset.clipboardTarget = "#" + pre.id;
      button.innerHTML = iconCopy;
      pre.parentNode.insertBefore(button, pre.nextSibling);
    });
  }

  // Called by a listing's script with its highlighted code.
  window.ml4aListing = function (key, html) {
    document.querySelectorAll(".ml4a-listing[data-key='" + key + "']").forEach(function (slot) {
      if (slot.dataset.state === "loaded") return;
      slot.innerHTML = html;
      slot.dataset.state = "loaded";
      addCopyButtons(slot);
    });
  };

  // The language switch leads to the same page in another language, and to the section the
  // reader is in: sections have the same id in every language. On the search page it carries
  // the query along.
  function sectionInView() {
    var sections = document.querySelectorAll("article section[id]");
    var current = null;
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getBoundingClientRect().top > window.innerHeight * 0.3) break;
      current = sections[i];
    }
    return current && current.parentElement.closest("section[id]") ? current.id : "";
  }

  function setUpSwitch(link) {
    var base = link.getAttribute("href").split("#")[0].split("?")[0];
    function follow() {
      var id = sectionInView();
      link.setAttribute("href", base + window.location.search + (id ? "#" + id : ""));
    }
    link.addEventListener("click", follow);
    link.addEventListener("focus", follow);
    link.addEventListener("pointerenter", follow);
  }

  // The phone's drawers (the theme's modal <dialog>s holding the chapter list and the page's
  // contents): an entry tapped closes its drawer, so the reader sees where it led; Escape
  // closes an open drawer wherever the focus is (after an in-page link it is on the body,
  // outside the dialog, where the theme's own Escape handler does not hear it).
  function setUpDrawer(dialog) {
    dialog.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && dialog.open) dialog.close();
    });
  }

  function closeDrawersOnEscape(event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("dialog[id$='-sidebar-modal'][open]").forEach(function (d) {
      d.close();
    });
  }

  function init() {
    document.querySelectorAll("dialog[id$='-sidebar-modal']").forEach(setUpDrawer);
    document.addEventListener("keydown", closeDrawersOnEscape);
    document.querySelectorAll(".ml4a-lang-switch a[hreflang]").forEach(setUpSwitch);
    document.querySelectorAll(".dropdown > [data-bs-toggle='dropdown']").forEach(setUpMenu);
    followTheme();
    if (typeof MutationObserver !== "undefined") {
      new MutationObserver(followTheme).observe(document.documentElement,
        { attributes: true, attributeFilter: ["data-mode", "data-theme"] });
    }
    document.querySelectorAll("figure.ml4a-animation").forEach(setUp);
    document.querySelectorAll("details.ml4a-code").forEach(setUpListing);
    nameToggles();
    loadPostersForPrint();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
