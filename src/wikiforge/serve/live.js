// wikiforge serve: reload this page when its file is rebuilt, and show its findings.
// Added to pages by `wikiforge serve` only; a built site never holds it.
(() => {
  "use strict";
  const script = document.currentScript;
  const file = script.dataset.file;
  let version = Number(script.dataset.version) || 0;
  const base = "/__wikiforge/";
  const dismissedKey = "wikiforge-dismissed:" + file;

  const panel = document.createElement("aside");
  panel.id = "wikiforge-live";
  panel.setAttribute("aria-label", "wikiforge check findings for this page");
  panel.setAttribute("role", "status");
  panel.hidden = true;
  const style = document.createElement("style");
  style.textContent = `
#wikiforge-live{position:fixed;right:1rem;bottom:1rem;z-index:2147483647;max-width:32rem;max-height:45vh;overflow:auto;
background:#fff;color:#111;border:1px solid #c33;border-radius:.4rem;box-shadow:0 .3rem 1.2rem rgba(0,0,0,.25);
font:14px/1.4 system-ui,sans-serif;padding:.6rem .8rem}
#wikiforge-live header{display:flex;justify-content:space-between;gap:1rem;font-weight:600;margin-bottom:.3rem}
#wikiforge-live button{border:0;background:none;font-size:1.1rem;cursor:pointer;line-height:1}
#wikiforge-live ul{margin:0;padding-left:1.1rem}
#wikiforge-live code{font-size:12px}
#wikiforge-live .error{color:#b00}
#wikiforge-live .warning{color:#8a5a00}
#wikiforge-live .info{color:#345}
#wikiforge-live .failed{white-space:pre-wrap;color:#b00}`;

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function render(data) {
    panel.replaceChildren();
    const findings = data.findings || [];
    const signature = JSON.stringify([findings, data.error]);
    if ((!findings.length && !data.error) || sessionStorage.getItem(dismissedKey) === signature) {
      panel.hidden = true;
      return;
    }
    const header = element("header");
    const totals = data.totals || {};
    const title = data.error
      ? "The last rebuild failed"
      : `${findings.length} finding${findings.length === 1 ? "" : "s"} on this page`;
    header.append(element("span", title));
    const close = element("button", "\u00d7");
    close.type = "button";
    close.title = "Dismiss until the findings change";
    close.setAttribute("aria-label", "Dismiss");
    close.addEventListener("click", () => {
      sessionStorage.setItem(dismissedKey, signature);
      panel.hidden = true;
    });
    header.append(close);
    panel.append(header);
    if (data.error) panel.append(element("p", data.error, "failed"));
    const list = element("ul");
    for (const f of findings) {
      const item = element("li", undefined, f.severity);
      item.append(element("code", `${data.path}:${f.line}:${f.column} ${f.code}`), " ", f.message);
      list.append(item);
    }
    if (findings.length) panel.append(list);
    const whole = ["error", "warning", "info"].map((s) => `${totals[s] || 0} ${s}${totals[s] === 1 ? "" : "s"}`);
    panel.append(element("p", "Whole wiki: " + whole.join(", ")));
    panel.hidden = false;
  }

  async function showFindings() {
    try {
      const answer = await fetch(base + "findings?file=" + encodeURIComponent(file), { cache: "no-store" });
      if (answer.ok) render(await answer.json());
    } catch (_) {
      // the server is restarting: the next event brings the findings
    }
  }

  function listen() {
    const events = new EventSource(base + "events?since=" + version);
    events.addEventListener("rebuilt", (message) => {
      const data = JSON.parse(message.data);
      version = data.version;
      const changed = data.changed || [];
      const mine = changed.includes(file) || changed.some((path) => path.startsWith("_static/"));
      if (!data.error && (mine || data.missed)) {
        location.reload();
        return;
      }
      showFindings();
    });
  }

  document.head.append(style);
  document.body.append(panel);
  showFindings();
  listen();
})();
