// localepress preview overlay (localepress.translators.preview_server serves it; published
// editions carry no script at all). It puts in the new page when the server says a save
// rebuilt it, keeping the scroll position and briefly highlighting the segments whose text changed;
// shows the errors that keep the last good text on screen; shows each segment's catalog entry
// on hover or click; and puts the French beside the text on demand. Every catalog string is
// read from data-lp-* attributes or JSON and written with textContent, never as markup.
(() => {
  "use strict";
  const meta = document.querySelector('meta[name="localepress-preview"]');
  const page = meta ? meta.content : "";
  const RELOAD = "localepress-preview:reload:" + page;
  const FRENCH = "localepress-preview:french";
  const STATUS = {
    translated: "translated",
    fuzzy: "fuzzy: not published until reviewed (French shown)",
    untranslated: "untranslated (French shown)",
    missing: "not in the catalog: run localepress update (French shown)",
    source: "master text",
  };
  let findings = {};
  let pinned = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const banner = el("div", "lp-banner");
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  const panel = el("aside", "lp-panel");
  panel.setAttribute("aria-live", "polite");
  panel.hidden = true;
  const bar = el("div", "lp-bar");
  const live = el("span", "lp-live", "connecting…");
  const french = el("button", "lp-toggle", "Show French");
  french.type = "button";
  french.setAttribute("aria-pressed", "false");
  const home = el("a", "", "All previews");
  home.href = "/index.html";
  const counts = el("span", "lp-counts");
  bar.append(el("strong", "", "Preview"), live, counts);
  if (page !== "index.html") bar.append(french);  // the index has no segments
  bar.append(home);

  function segments() {
    return document.querySelectorAll("[data-lp-seg]");
  }

  function showBanner(errors) {
    banner.replaceChildren();
    banner.hidden = errors.length === 0;
    if (!errors.length) return;
    banner.append(el("strong", "", "Not rebuilt — the page shows the last good text:"));
    const list = el("ul");
    for (const error of errors) list.append(el("li", "", error));
    banner.append(list);
  }

  function markFindings() {
    for (const node of segments()) {
      const found = findings[node.dataset.lpSeg] || [];
      node.classList.toggle("lp-finding-error", found.some((f) => f.severity === "error"));
      node.classList.toggle("lp-finding-warning", found.some((f) => f.severity !== "error"));
    }
  }

  function countStatuses() {
    const seen = { untranslated: 0, fuzzy: 0 };
    for (const node of segments()) {
      const status = node.dataset.lpStatus === "missing" ? "untranslated" : node.dataset.lpStatus;
      if (status in seen) seen[status] += 1;
    }
    counts.textContent = page === "index.html" ? "" :
      `${seen.untranslated} untranslated · ${seen.fuzzy} fuzzy`;
  }

  function field(label, value, className) {
    const row = el("div", "lp-field");
    row.append(el("span", "lp-label", label), el(className || "span", "lp-value", value));
    return row;
  }

  function showPanel(node) {
    const data = node.dataset;
    panel.replaceChildren();
    panel.append(
      field("Status", STATUS[data.lpStatus] || data.lpStatus),
      field("Where", data.lpWhere || "(no catalog entry)", "code"),
      field("msgid", data.lpMsgid, "pre"),
      field("msgstr", data.lpMsgstr || "(empty)", "pre"),
    );
    const found = findings[data.lpSeg] || [];
    if (found.length) {
      const list = el("ul", "lp-findings");
      for (const f of found) list.append(el("li", "lp-" + f.severity, `${f.severity} ${f.check}: ${f.message} (${f.where})`));
      panel.append(el("span", "lp-label", "Checks"), list);
    }
    panel.dataset.for = data.lpSeg;
    panel.hidden = false;
  }

  function hidePanel() {
    if (!pinned) panel.hidden = true;
  }

  function setFrench(on) {
    for (const old of document.querySelectorAll(".lp-french")) old.remove();
    if (on) {
      for (const node of segments()) {
        if (node.dataset.lpStatus === "source") continue;
        const span = el("span", "lp-french", node.dataset.lpFr);
        span.lang = "fr";
        node.append(span);
      }
    }
    french.setAttribute("aria-pressed", String(on));
    french.textContent = on ? "Hide French" : "Show French";
    sessionStorage.setItem(FRENCH, on ? "1" : "");
  }

  function highlight(ids) {
    const wanted = new Set(ids);
    for (const node of segments()) {
      if (wanted.has(node.dataset.lpSeg)) {
        node.classList.add("lp-changed");
        setTimeout(() => node.classList.remove("lp-changed"), 2500);
      }
    }
  }

  async function refreshState() {
    try {
      const response = await fetch("/_preview/state.json?page=" + encodeURIComponent(page), { cache: "no-store" });
      const state = await response.json();
      findings = state.findings || {};
      showBanner(state.errors || []);
      markFindings();
      if (pinned) showPanel(pinned);
    } catch (error) {
      live.textContent = "server not reachable";
    }
  }

  function reload(changed) {
    sessionStorage.setItem(RELOAD, JSON.stringify({ x: scrollX, y: scrollY, changed }));
    location.reload();
  }

  // A rebuilt page is fetched and its body put in place of this one (no navigation: the
  // place, the fonts and the event stream stay); a changed head (brand, title) reloads.
  // The parsed document runs no script, and the pages hold none (CSP: only this file runs).
  async function swapIn(changed) {
    try {
      const response = await fetch(location.pathname, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      if (fresh.head.innerHTML !== document.head.innerHTML) return reload(changed);
      const x = scrollX, y = scrollY;
      pinned = null;
      panel.hidden = true;
      document.body.replaceWith(document.adoptNode(fresh.body));
      dress();
      scrollTo(x, y);
      highlight(changed);
      refreshState();
    } catch (error) {
      reload(changed);
    }
  }

  function dress() {
    document.body.prepend(banner);
    document.body.append(panel, bar);
    setFrench(sessionStorage.getItem(FRENCH) === "1");
    countStatuses();
    markFindings();
  }

  function listen() {
    const events = new EventSource("/_preview/events");
    let lost = false;
    events.addEventListener("open", () => {
      live.textContent = "live";
      if (lost) reload([]);  // the server came back: catch up with what it built meanwhile
    });
    events.addEventListener("error", () => {
      lost = true;
      live.textContent = "reconnecting…";
    });
    events.addEventListener("update", (event) => {
      const update = JSON.parse(event.data);
      const pages = update.pages || {};
      if (Object.prototype.hasOwnProperty.call(pages, page)) {
        swapIn(pages[page]);
      } else if (update.errors || (update.findings || []).includes(page)) {
        refreshState();
      }
    });
  }

  function start() {
    history.scrollRestoration = "manual";
    document.documentElement.classList.add("lp-preview");
    const saved = JSON.parse(sessionStorage.getItem(RELOAD) || "null");
    sessionStorage.removeItem(RELOAD);
    dress();
    if (saved) {
      scrollTo(saved.x, saved.y);
      highlight(saved.changed || []);
    }
    document.addEventListener("mouseover", (event) => {
      const node = event.target.closest && event.target.closest("[data-lp-seg]");
      if (node && !pinned) showPanel(node);
      else if (!node && !panel.contains(event.target)) hidePanel();
    });
    document.addEventListener("click", (event) => {
      const node = event.target.closest && event.target.closest("[data-lp-seg]");
      if (panel.contains(event.target) || bar.contains(event.target)) return;
      pinned = node || null;
      if (node) showPanel(node);
      else panel.hidden = true;
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        pinned = null;
        panel.hidden = true;
      }
    });
    french.addEventListener("click", () => setFrench(french.getAttribute("aria-pressed") !== "true"));
    refreshState();
    listen();
  }

  start();
})();
