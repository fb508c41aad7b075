// trail-lint access report: draws the matrix from the JSON block, only the rows in view.
// Every name from the inputs reaches the page through textContent, never as HTML.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("access-data").textContent);
  const DECISIONS = { a: "allowed", c: "conditional", u: "unknown", d: "denied" };
  const RANK = { d: 0, u: 1, c: 2, a: 3 };
  const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const DIGIT = {};
  for (let i = 0; i < DIGITS.length; i++) DIGIT[DIGITS[i]] = i;
  const ROW = 24;
  const WIDE = D.accountVerbs.length;           // account-wide columns come first
  const $ = (id) => document.getElementById(id);
  const grid = $("matrix"), head = grid.querySelector(".head"), body = grid.querySelector(".body");
  const details = $("details");

  const state = { rows: [], trails: [], verbs: [], decision: "", focus: { r: 0, c: 0 }, selected: null, risk: 50 };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Each view's trails (those the principals of one account can act on): trail index -> index in the view.
  const LOCAL = D.views.map((trails) => new Map(trails.map((t, i) => [t, i])));
  // The index of the group of trail t in principal p's cells; -1 for a trail outside p's view.
  function groupOf(p, t) {
    const local = LOCAL[p.v].get(t);
    if (local === undefined) return -1;
    const g = p.g;
    if (g === 0) return 0;
    return typeof g === "string" ? DIGIT[g[local]] : g[local];
  }
  // The decision letter of verb index v of principal p on trail t: outside its view, denied (implicitly).
  function letter(p, t, v) { const i = groupOf(p, t); return i < 0 ? "d" : p.c[i][0][v]; }
  function reasonsOf(p, t, v) {
    const i = groupOf(p, t);
    const cell = i < 0 ? null : p.c[i];
    return cell && cell[1] ? cell[1][v] : 0;
  }
  function best(p, t, verbs) {
    let found = "d";
    for (const v of verbs) { const l = letter(p, t, v); if (RANK[l] > RANK[found]) found = l; }
    return found;
  }

  // --- filters -------------------------------------------------------------------------
  function applyFilters() {
    const search = $("search").value.trim().toLowerCase();
    const account = $("filter-account").value, region = $("filter-region").value, kind = $("filter-kind").value;
    const action = $("filter-action").value;
    state.decision = $("filter-decision").value;
    state.verbs = action === "tamper" ? D.tamper.map((v) => D.verbs.indexOf(v)) : [D.verbs.indexOf(action)];
    const trailMatch = (t) => !search || t.name.toLowerCase().includes(search) || t.id.toLowerCase().includes(search);
    state.trails = [];
    D.trails.forEach((t, i) => {
      if ((!account || t.account === account) && (!region || t.region === region)) state.trails.push(i);
    });
    const searchTrails = search && state.trails.some((i) => trailMatch(D.trails[i]));
    if (searchTrails) state.trails = state.trails.filter((i) => trailMatch(D.trails[i]));
    state.rows = [];
    D.principals.forEach((p, i) => {
      if (kind && p.kind !== kind) return;
      if (account && p.account !== account) return;
      if (search && !searchTrails && !p.name.toLowerCase().includes(search) && !p.id.toLowerCase().includes(search)) return;
      if (state.decision && !state.trails.some((t) => best(p, t, state.verbs) === state.decision)) return;
      state.rows.push(i);
    });
    $("shown").textContent = `${state.rows.length} of ${D.principals.length} principals, ` +
      `${state.trails.length} of ${D.trails.length} trails`;
    state.focus = { r: Math.min(state.focus.r, Math.max(0, state.rows.length - 1)),
                    c: Math.min(state.focus.c, WIDE + state.trails.length - 1) };
    drawHead();
    body.style.height = `${state.rows.length * ROW}px`;
    drawRows(true);
    if (!$("risk-view").hidden) drawRisk(true);
  }

  // --- the heat-map ----------------------------------------------------------------------
  function drawHead() {
    const cells = [el("div", "name", "principal")];
    D.accountVerbs.forEach((verb) => {
      const col = el("div", "col wide", `${verb} (account)`);
      col.setAttribute("role", "columnheader");
      cells.push(col);
    });
    cells.push(el("div", "count", "view: trails"), el("div", "count", "start: trails"), el("div", "sep"));
    for (const t of state.trails) {
      const trail = D.trails[t];
      const col = el("div", "col", trail.name);
      col.title = `${trail.id} (${trail.region || "Region unknown"})`;
      col.setAttribute("role", "columnheader");
      cells.push(col);
    }
    head.replaceChildren(...cells);
    const width = head.scrollWidth;
    head.style.width = body.style.width = `${Math.max(width, 320 + 22 * (WIDE + state.trails.length) + 110)}px`;
  }

  function cellNode(decision, label, r, c) {
    const node = el("span", `cell d-${decision}`);
    node.setAttribute("role", "gridcell");
    node.setAttribute("aria-label", `${label}: ${DECISIONS[decision]}`);
    node.title = `${label}: ${DECISIONS[decision]}`;
    node.dataset.r = r;
    node.dataset.c = c;
    node.tabIndex = state.focus.r === r && state.focus.c === c ? 0 : -1;
    if (state.selected && state.selected.r === r && state.selected.c === c) node.classList.add("selected");
    return node;
  }

  function countOf(p, verb) {
    const v = D.verbs.indexOf(verb);
    let n = 0;
    for (const t of state.trails) if (letter(p, t, v) !== "d") n++;
    return n;
  }

  function drawRow(r) {
    const p = D.principals[state.rows[r]];
    const row = el("div", "row");
    row.setAttribute("role", "row");
    row.setAttribute("aria-rowindex", r + 2);
    row.style.top = `${r * ROW}px`;
    const name = el("div", "name");
    name.append(el("span", "kind", p.kind), document.createTextNode(p.name));
    name.title = p.id;
    name.setAttribute("role", "rowheader");
    row.append(name);
    D.accountVerbs.forEach((verb, v) => {
      const col = el("div", "col wide");
      col.append(cellNode(p.w[0][v], `${p.name} ${verb} (account-wide)`, r, v));
      row.append(col);
    });
    row.append(el("div", "count", String(countOf(p, "view"))), el("div", "count", String(countOf(p, "start"))),
               el("div", "sep"));
    const action = $("filter-action").value;
    state.trails.forEach((t, i) => {
      const col = el("div", "col");
      col.append(cellNode(best(p, t, state.verbs), `${p.name} ${action} on ${D.trails[t].name}`, r, WIDE + i));
      row.append(col);
    });
    return row;
  }

  let drawn = [0, 0];
  function drawRows(force) {
    const top = Math.max(0, grid.scrollTop - head.offsetHeight);
    const first = Math.max(0, Math.floor(top / ROW) - 10);
    const last = Math.min(state.rows.length, first + Math.ceil(grid.clientHeight / ROW) + 20);
    if (!force && drawn[0] === first && drawn[1] === last && body.childElementCount === last - first) return;
    drawn = [first, last];
    const rows = [];
    for (let r = first; r < last; r++) rows.push(drawRow(r));
    body.replaceChildren(...rows);
  }
  let pending = false;
  grid.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; drawRows(); });
  });

  // --- keyboard and clicks ---------------------------------------------------------------
  function focusCell(r, c, open) {
    if (!state.rows.length) return;
    r = Math.max(0, Math.min(state.rows.length - 1, r));
    c = Math.max(0, Math.min(WIDE + state.trails.length - 1, c));
    state.focus = { r, c };
    if (open) showDetails(r, c);
    const rowTop = r * ROW, viewTop = grid.scrollTop, viewHeight = grid.clientHeight - head.offsetHeight;
    if (rowTop < viewTop) grid.scrollTop = rowTop;
    else if (rowTop + ROW > viewTop + viewHeight) grid.scrollTop = rowTop + ROW - viewHeight;
    drawRows(true);
    const node = body.querySelector(`[data-r="${r}"][data-c="${c}"]`);
    if (node) {
      node.focus({ preventScroll: false });
      node.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  grid.addEventListener("click", (event) => {
    const node = event.target.closest(".cell");
    if (node) focusCell(Number(node.dataset.r), Number(node.dataset.c), true);
  });
  grid.addEventListener("keydown", (event) => {
    const node = event.target.closest(".cell");
    if (!node) return;
    const r = Number(node.dataset.r), c = Number(node.dataset.c);
    const page = Math.max(1, Math.floor((grid.clientHeight - head.offsetHeight) / ROW) - 1);
    const moves = { ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1],
                    PageUp: [r - page, c], PageDown: [r + page, c], Home: [r, 0],
                    End: [r, WIDE + state.trails.length - 1] };
    if (event.key in moves) {
      event.preventDefault();
      focusCell(moves[event.key][0], moves[event.key][1], false);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      focusCell(r, c, true);
    }
  });

  // --- details: the deciding statements ---------------------------------------------------
  function statementList(reasonSet, decision) {
    const box = el("div");
    const statements = D.reasons[reasonSet] || [];
    if (!statements.length) {
      box.append(el("div", "why", decision === "d"
        ? "implicit deny: not allowed by every policy type that applies (identity, boundary, SCPs)"
        : "no statement recorded"));
    }
    for (const s of statements) {
      const [policy, statement, file, line, why] = D.statements[s];
      const item = el("div", "statement");
      if (!policy && !file) {     // no statement: the conditions on the request that allow it
        item.append(el("strong", "", why));
        box.append(item);
        continue;
      }
      item.append(el("strong", "", policy), document.createTextNode(statement ? ` · ${statement}` : ""),
                  document.createTextNode(" · "),
                  el("span", "where", file ? `${file}:${line}` : "AWS managed policy (trail-lint's snapshot)"));
      if (why) item.append(el("div", "why", why));
      box.append(item);
    }
    return box;
  }

  function decisionNode(decision) {
    const node = el("span", "decision");
    node.append(el("span", `cell d-${decision}`), document.createTextNode(DECISIONS[decision]));
    return node;
  }

  function facts(pairs) {
    const dl = el("dl");
    for (const [term, value] of pairs) dl.append(el("dt", "", term), el("dd", "", value));
    return dl;
  }

  function showDetails(r, c) {
    const p = D.principals[state.rows[r]];
    state.selected = { r, c };
    const close = el("button", "close", "Close");
    close.type = "button";
    close.addEventListener("click", hideDetails);
    const parts = [close, el("h2", "", p.name),
                   facts([["principal", p.id], ["kind", p.kind], ["account", p.account || "unknown"],
                          ["defined at", `${p.file}:${p.line}`]])];
    const table = el("table");
    const header = el("tr");
    header.append(el("th", "", "action"), el("th", "", "decision"), el("th", "", "deciding statements and why"));
    table.append(header);
    const line = (verb, decision, reasonSet) => {
      const tr = el("tr");
      const why = el("td");
      why.append(statementList(reasonSet, decision));
      const cell = el("td");
      cell.append(decisionNode(decision));
      tr.append(el("td", "", verb), cell, why);
      table.append(tr);
    };
    if (c < WIDE) {
      parts.push(el("h2", "", "Account-wide actions"),
                 el("p", "why", "These actions support no resource-level permission: only Resource \"*\" grants them."));
      D.accountVerbs.forEach((verb, v) => line(verb, p.w[0][v], p.w[1][v]));
    } else {
      const t = state.trails[c - WIDE], trail = D.trails[t];
      parts.push(el("h2", "", `Trail ${trail.name}`),
                 facts([["trail", trail.id], ["account", trail.account || "unknown"],
                        ["Region", trail.region || "unknown"], ["defined at", `${trail.file}:${trail.line}`]]));
      D.verbs.forEach((verb, v) => line(verb, letter(p, t, v), reasonsOf(p, t, v)));
    }
    parts.push(table);
    details.replaceChildren(...parts);
    details.hidden = false;
  }

  function hideDetails() {
    details.hidden = true;
    state.selected = null;
    focusCell(state.focus.r, state.focus.c, false);
  }
  details.addEventListener("keydown", (event) => { if (event.key === "Escape") hideDetails(); });

  // --- the second view: principals by risk, and the findings -----------------------------
  function riskOf(i) {
    const p = D.principals[i];
    const tamper = D.tamper.map((v) => D.verbs.indexOf(v));
    const trails = [];
    let allowed = 0, uncertain = 0, cells = 0;
    for (const t of state.trails) {
      const verbs = tamper.filter((v) => letter(p, t, v) !== "d");
      if (!verbs.length) continue;
      const top = best(p, t, tamper);
      if (top === "a") allowed++; else uncertain++;
      cells += verbs.filter((v) => letter(p, t, v) === "a").length;
      trails.push([t, top, verbs]);
    }
    return { i, allowed, uncertain, cells, trails };
  }

  function drawRisk(reset) {
    if (reset) state.risk = 50;
    // the principals granted tampering, as TL401 says them: not the root users, which every account has
    const ranked = state.rows.filter((i) => D.principals[i].kind !== "root").map(riskOf).filter((x) => x.trails.length)
      .sort((x, y) => y.allowed - x.allowed || y.uncertain - x.uncertain || y.cells - x.cells || x.i - y.i);
    const items = ranked.slice(0, state.risk).map((x) => {
      const p = D.principals[x.i];
      const li = el("li");
      li.append(el("strong", "", p.name), document.createTextNode(` (${p.kind}, ${p.id}) can tamper with ` +
        `${x.trails.length} trail${x.trails.length === 1 ? "" : "s"}: ${x.allowed} allowed, ${x.uncertain} conditional or unknown`));
      const trails = el("div", "trails");
      for (const [t, top, verbs] of x.trails.slice(0, 40)) {
        const chip = el("button", "chip");
        chip.type = "button";
        chip.append(el("span", `cell d-${top}`), document.createTextNode(
          `${D.trails[t].name}: ${verbs.map((v) => D.verbs[v]).join(", ")}`));
        chip.addEventListener("click", () => openCell(x.i, t));
        trails.append(chip);
      }
      if (x.trails.length > 40) trails.append(el("span", "why", `and ${x.trails.length - 40} more`));
      li.append(trails);
      return li;
    });
    if (!ranked.length) items.push(el("li", "", "No principal shown can tamper with a trail shown."));
    $("risk-list").replaceChildren(...items);
    $("risk-more").hidden = ranked.length <= state.risk;
  }
  $("risk-more").addEventListener("click", () => { state.risk += 200; drawRisk(false); });

  // The views present: the heat-map, the risk list and (for several accounts) the organization table.
  const VIEWS = ["matrix", "risk", "org"].filter((name) => $(`tab-${name}`));
  function showView(name) {
    for (const view of VIEWS) {
      const shown = view === name;
      $(`${view}-view`).hidden = !shown;
      $(`tab-${view}`).setAttribute("aria-selected", String(shown));
      $(`tab-${view}`).tabIndex = shown ? 0 : -1;
    }
    if (name === "matrix") drawRows(true); else if (name === "risk") drawRisk(true);
  }
  for (const view of VIEWS) $(`tab-${view}`).addEventListener("click", () => showView(view));
  document.querySelector("[role=tablist]").addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const now = VIEWS.findIndex((view) => $(`tab-${view}`).getAttribute("aria-selected") === "true");
    const step = moves[event.key];
    const next = VIEWS[Number.isFinite(step) ? (now + step + VIEWS.length) % VIEWS.length
                                             : step < 0 ? 0 : VIEWS.length - 1];
    showView(next);
    $(`tab-${next}`).focus();
  });
  // The organization table's "show in heat-map": the heat-map filtered to that account.
  for (const button of document.querySelectorAll(".show-account")) {
    button.addEventListener("click", () => {
      for (const id of ["search", "filter-region", "filter-kind", "filter-decision"]) $(id).value = "";
      $("filter-account").value = button.dataset.account;
      applyFilters();
      showView("matrix");
      $("tab-matrix").focus();
    });
  }

  // Show one principal × trail cell (t = -1: the account-wide cells), with every filter cleared.
  function openCell(i, t) {
    for (const id of ["search", "filter-account", "filter-region", "filter-kind", "filter-decision"]) $(id).value = "";
    $("filter-action").value = "tamper";
    applyFilters();
    showView("matrix");
    const r = state.rows.indexOf(i);
    focusCell(r, t < 0 ? 0 : WIDE + state.trails.indexOf(t), true);
  }

  // The first cell a finding is about: its principal's first tamper cell, or a cell its policy decides.
  function findingCell(finding) {
    const tamper = D.tamper.map((v) => D.verbs.indexOf(v));
    if (finding.principal >= 0) {
      const p = D.principals[finding.principal];
      const t = D.trails.findIndex((_, t) => best(p, t, tamper) !== "d");
      return [finding.principal, t];
    }
    const statements = new Set();
    D.statements.forEach((s, i) => { if (s[5].includes(finding.resource)) statements.add(i); });
    const sets = new Set();
    D.reasons.forEach((set, i) => { if (set.some((s) => statements.has(s))) sets.add(i); });
    for (let i = 0; i < D.principals.length; i++) {
      const p = D.principals[i];
      for (let t = 0; t < D.trails.length; t++) {
        if (tamper.some((v) => sets.has(reasonsOf(p, t, v)))) return [i, t];
      }
      for (let t = 0; t < D.trails.length; t++) {
        if (D.verbs.some((_, v) => sets.has(reasonsOf(p, t, v)))) return [i, t];
      }
      if (p.w[1].some((set) => sets.has(set))) return [i, -1];
    }
    return null;
  }
  for (const button of document.querySelectorAll(".goto")) {
    button.addEventListener("click", () => {     // found on demand: a large page may list many findings
      const target = findingCell(D.findings[Number(button.dataset.finding)]);
      if (target) openCell(target[0], target[1]);
      else { button.disabled = true; button.textContent = "no cell rests on it"; }
    });
  }

  for (const id of ["search", "filter-account", "filter-region", "filter-kind", "filter-action", "filter-decision"]) {
    $(id).addEventListener("input", applyFilters);
  }
  window.addEventListener("resize", () => drawRows(true));
  applyFilters();
  document.body.dataset.ready = "true";
})();
