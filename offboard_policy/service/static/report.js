/* Rendering a report (the JSON report contract) into the page: the verdict, the findings by
 * severity, the settlement table, the printable statement and the decision history. Amounts
 * are the report's decimal strings; sums are done in whole fen (BigInt), never in floats. */
"use strict";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** "1234567.80" -> "1,234,567.80"; null -> the word for unknown. */
function money(value) {
  if (value === null || value === undefined) return t("unknown");
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(String(value));
  if (!m) return String(value);
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (m[3] || "");
}

function toFen(value) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!m) return null;
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] || "").padEnd(2, "0"));
  return m[1] ? -fen : fen;
}

function fromFen(fen) {
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return sign + (abs / 100n).toString() + "." + (abs % 100n).toString().padStart(2, "0");
}

/** The sum of the lines' shortfalls, or null when one is unknown. */
function totalShortfall(lines) {
  let sum = 0n;
  for (const line of lines) {
    if (line.shortfall === null || line.shortfall === undefined) return null;
    const fen = toFen(line.shortfall);
    if (fen === null) return null;
    sum += fen;
  }
  return fromFen(sum);
}

function headline(report) {
  const blocking = report.findings.filter((f) => f.severity === "blocking" &&
    f.status !== "waived").length;
  const warnings = report.findings.filter((f) => f.severity === "warning" &&
    f.status !== "waived").length;
  if (report.verdict === "blocked") {
    const head = t("verdict.blocked");
    return blocking ? `${head} — ${t("n_blocking", { n: blocking })}` : head;
  }
  const head = t("verdict.ready");
  return warnings ? `${head} — ${t("n_warnings", { n: warnings })}` : head;
}

function metaRow(list, term, value, className) {
  list.append(el("dt", null, term), el("dd", className, value));
}

/** The whole result section for `report`; `decision` is {id, recorded_at} when recorded. */
function renderReport(report, decision, earlier) {
  const verdict = document.getElementById("verdict");
  verdict.className = "verdict " + report.verdict;
  verdict.dataset.verdict = report.verdict;
  verdict.textContent = headline(report);

  const meta = document.getElementById("meta");
  meta.replaceChildren();
  metaRow(meta, t("case"), report.case_id, "case-id");
  metaRow(meta, t("policy"), `${report.policy.id}@${report.policy.version}`, "policy-ref");
  metaRow(meta, t("as_of_label"), report.as_of, "as-of");
  if (decision && decision.id) metaRow(meta, t("decision"), decision.id, "decision-id");

  const note = document.getElementById("earlier-note");
  note.hidden = !earlier;
  note.textContent = earlier ? t("earlier_decision") + when(decision.recorded_at) : "";

  renderFindings(report.findings);
  renderDeviations(report.deviations || []);
  renderSettlement(document.getElementById("settlement"), report.settlement);
  document.getElementById("result").hidden = false;
}

function renderFindings(findings) {
  const box = document.getElementById("findings");
  box.replaceChildren();
  if (!findings.length) {
    box.append(el("p", "note", t("no_findings")));
    return;
  }
  for (const severity of ["blocking", "warning", "info"]) {
    const group = findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    const section = el("section", "severity " + severity);
    section.dataset.severity = severity;
    section.append(el("h3", null, `${t("severity." + severity)} (${group.length})`));
    for (const finding of group) section.append(renderFinding(finding));
    box.append(section);
  }
}

/** The policy's declared deviations from statutory rules (every report lists them). */
function renderDeviations(deviations) {
  const box = document.getElementById("deviations");
  box.replaceChildren();
  box.hidden = !deviations.length;
  if (!deviations.length) return;
  box.append(el("h3", null, `${t("deviations")} (${deviations.length})`));
  const list = el("ul");
  for (const d of deviations) {
    const item = el("li");
    item.append(el("code", "rule", d.rule), " ", d.reason,
      ` (${t("approved_by")} ${d.approved_by}${d.approved_on ? ", " + d.approved_on : ""})`);
    list.append(item);
  }
  box.append(list);
}

function renderFinding(f) {
  const item = el("article", "finding " + f.status);
  item.dataset.rule = f.rule;
  const head = el("header");
  head.append(el("span", "status " + f.status, t("status." + f.status)), " ",
    el("code", "rule", f.rule));
  if (f.title) head.append(" ", el("strong", "title", f.title));
  item.append(head, el("p", "finding-message", f.message));
  const facts = el("dl", "facts");
  const add = (key, value, className) => {
    if (value === null || value === undefined || value === "") return;
    facts.append(el("dt", null, t(key)), el("dd", className, value));
  };
  add("citation", f.citation, "citation");
  add("fields", (f.fields || []).join(", "), "fields");
  add("hint", f.hint, "hint");
  if (f.exposure) add("exposure", money(f.exposure) + " CNY", "exposure");
  if (f.waiver) {
    add("waiver", `${f.waiver.approved_by}: ${f.waiver.reason}` +
      (f.waiver.expires_on ? ` (${f.waiver.expires_on})` : ""), "waiver");
  }
  item.append(facts);
  return item;
}

/** The settlement table: line, required, proposed, shortfall, due; totals in the footer. */
function renderSettlement(table, settlement, withBasis) {
  table.replaceChildren();
  const lines = settlement.lines;
  const head = el("thead");
  const headRow = el("tr");
  const columns = ["line", "required", "proposed", "shortfall", "due"];
  if (withBasis) columns.push("basis");
  for (const key of columns) headRow.append(el("th", "col-" + key, t(key)));
  head.append(headRow);
  const body = el("tbody");
  if (!lines.length) {
    const row = el("tr");
    const cell = el("td", "note", t("no_settlement"));
    cell.colSpan = columns.length;
    row.append(cell);
    body.append(row);
  }
  for (const line of lines) {
    const row = el("tr");
    row.dataset.line = line.id;
    const name = el("td", "line");
    name.append(el("span", "line-title", lineTitle(line.id)));
    if (lineTitle(line.id) !== line.id) name.append(" ", el("code", "line-id", line.id));
    if (line.citation && !withBasis) name.title = line.citation;
    row.append(name,
      el("td", "num required", money(line.required)),
      el("td", "num proposed", money(line.proposed)),
      el("td", "num shortfall" + (line.shortfall && toFen(line.shortfall) > 0n ? " short" : ""),
        money(line.shortfall)),
      el("td", "due", line.due || "—"));
    if (withBasis) {
      row.append(el("td", "basis", [line.basis, line.citation].filter(Boolean).join(" — ")));
    }
    body.append(row);
  }
  const foot = el("tfoot");
  const total = el("tr");
  const shortfall = totalShortfall(lines);
  total.append(el("th", "line", t("total")),
    el("td", "num required", money(settlement.total_required)),
    el("td", "num proposed", money(settlement.total_proposed)),
    el("td", "num shortfall" + (shortfall && toFen(shortfall) > 0n ? " short" : ""),
      money(shortfall)),
    el("td", "due", ""));
  if (withBasis) total.append(el("td"));
  foot.append(total);
  table.append(head, body, foot);
}

/** The printable settlement statement (shown only by the print stylesheet). */
function renderStatement(report, decision, caseData) {
  const box = document.getElementById("statement");
  box.replaceChildren();
  box.append(el("h1", null, t("stmt_title")));
  const facts = el("dl", "facts");
  const add = (key, value) => {
    if (value) facts.append(el("dt", null, t(key)), el("dd", null, value));
  };
  const employee = (caseData && caseData.employee) || {};
  const termination = (caseData && caseData.termination) || {};
  add("case", report.case_id);
  add("stmt_employee", [employee.name, employee.id].filter(Boolean).join(" / "));
  add("stmt_hire", employee.hire_date);
  add("stmt_termination", termination.termination_date);
  if (termination.ground) add("stmt_ground", choice("ground", termination.ground));
  add("stmt_policy", `${report.policy.id}@${report.policy.version}`);
  add("stmt_digest", report.policy.digest);
  add("as_of_label", report.as_of);
  if (decision && decision.id) add("decision", decision.id);
  box.append(facts);
  if (report.verdict === "blocked") box.append(el("p", "blocked-note", t("stmt_blocked")));
  const table = el("table", "money");
  renderSettlement(table, report.settlement, true);
  box.append(table);
  const signatures = el("div", "signatures");
  for (const key of ["stmt_sign_hr", "stmt_sign_employee"]) {
    const slot = el("div", "signature");
    slot.append(el("div", "sign-line"), el("p", null, t(key)),
      el("p", null, t("stmt_sign_date") + ": ____________"));
    signatures.append(slot);
  }
  box.append(signatures, el("p", "generated", t("stmt_generated")));
}

/** "2026-12-05T02:04:09.881270+00:00" -> "2026-12-05 02:04:09 UTC" (other forms unchanged). */
function when(stamp) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:\+00:00|Z)$/.exec(stamp || "");
  return m ? `${m[1]} ${m[2]} UTC` : String(stamp || "");
}

/** The decision history table for one case id. */
function renderDecisions(decisions, onView, currentId) {
  const table = document.getElementById("decisions");
  const note = document.getElementById("history-note");
  table.replaceChildren();
  if (!decisions.length) {
    table.hidden = true;
    note.hidden = false;
    note.textContent = t("history_empty");
    return;
  }
  note.hidden = true;
  table.hidden = false;
  const head = el("tr");
  for (const key of ["recorded_at", "policy", "as_of_label", "verdict", "total_required",
    "total_proposed", "who", ""]) {
    head.append(el("th", null, key ? t(key) : ""));
  }
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const d of decisions) {
    const row = el("tr", d.id === currentId ? "decision current" : "decision");
    row.dataset.id = d.id;
    if (d.id === currentId) row.setAttribute("aria-current", "true");
    const view = el("button", "small", t("view"));
    view.type = "button";
    view.addEventListener("click", () => onView(d.id));
    const action = el("td");
    action.append(view);
    row.append(el("td", "recorded-at", when(d.recorded_at)), el("td", null, `${d.policy_id}@${d.policy_version}`),
      el("td", null, d.as_of), el("td", "verdict-cell " + d.verdict, t("verdict." + d.verdict)),
      el("td", "num", money(d.total_required)), el("td", "num", money(d.total_proposed)),
      el("td", null, d.who), action);
    body.append(row);
  }
  table.append(thead, body);
}
