/* The HR page: talks to the service's /v1 API (relative URLs, so the page works behind a path
 * prefix), switches language, sends the case from the form or the text box, and shows the
 * result. Needs i18n.js, form.js and report.js. */
"use strict";

const state = {
  mode: "form",         // "form" or "text": which input the check sends
  report: null,         // the report shown
  reportLang: null,     // the language it was checked in
  decision: null,       // {id, recorded_at} of the report shown
  caseData: null,       // the case shown (for the statement), when known
  earlier: false,       // the report shown is an earlier decision from the log
  history: null,        // the decision list shown
  historyCase: null,    // ... for this case id
};

function token() {
  return document.getElementById("token").value.trim();
}

/** fetch() with the token; answers {status, headers, body}, body parsed as JSON when it is. */
async function api(path, options = {}) {
  const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
  if (token()) headers.Authorization = "Bearer " + token();
  const response = await fetch(path, Object.assign({}, options, { headers }));
  let body = null;
  const text = await response.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch (_) {
    body = { message: text.slice(0, 500) };
  }
  return { status: response.status, headers: response.headers, body };
}

function showMessage(text, items) {
  const box = document.getElementById("message");
  box.replaceChildren();
  box.hidden = !text;
  if (!text) return;
  box.append(el("p", null, text));
  if (items && items.length) {
    const list = el("ul", "diagnostics");
    for (const item of items) list.append(el("li", null, item));
    box.append(list);
  }
}

function describe(d) {
  const where = d.line ? t("err_line", { line: d.line, column: d.column || 1 }) + ": " : "";
  return where + (d.field ? d.field + ": " : "") + d.message + (d.code ? ` [${d.code}]` : "");
}

/* ---- language ---------------------------------------------------------------------------- */

function applyLanguage(lang) {
  LANG = lang === "en" ? "en" : "zh";
  try { localStorage.setItem("offboard-policy.lang", LANG); } catch (_) { /* private mode */ }
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const button of document.querySelectorAll(".lang button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === LANG));
  }
  fillChoiceSelects(document);
  for (const input of document.querySelectorAll("#wage-rows input[data-part]")) {
    input.setAttribute("aria-label", t(input.dataset.part));
  }
  if (state.report) {
    renderReport(state.report, state.decision, state.earlier);
    renderStatement(state.report, state.decision, state.caseData);
  }
  document.getElementById("lang-note").hidden = !state.report || state.reportLang === LANG;
  if (state.history) renderDecisions(state.history, viewDecision, shownId());
}

/* ---- input ------------------------------------------------------------------------------- */

function setMode(mode) {
  state.mode = mode;
  document.getElementById("case-form").hidden = mode !== "form";
  document.getElementById("text-pane").hidden = mode !== "text";
  document.getElementById("tab-form").setAttribute("aria-selected", String(mode === "form"));
  document.getElementById("tab-text").setAttribute("aria-selected", String(mode === "text"));
}

function readUpload(event) {
  const file = event.target.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    document.getElementById("case-text").value = String(reader.result);
    event.target.value = "";  /* choosing the same file again reloads it */
    clearFieldErrors();
  };
  reader.readAsText(file, "utf-8");
}

/** The request body of the current input: {body, type, caseData} or null (nothing to send). */
function currentBody() {
  if (state.mode === "form") {
    const data = formCase();
    return { body: JSON.stringify(data, null, 2), type: "application/json", caseData: data };
  }
  const text = document.getElementById("case-text").value;
  if (!text.trim()) return null;
  const json = /^\s*[{[]/.test(text);
  let caseData = null;
  if (json) {
    try { caseData = JSON.parse(text); } catch (_) { caseData = null; }
  }
  return { body: text, type: json ? "application/json" : "application/yaml", caseData };
}

/* ---- checking ---------------------------------------------------------------------------- */

async function check() {
  const button = document.getElementById("check");
  showMessage("");
  clearFieldErrors();
  const input = currentBody();
  if (!input) {
    showMessage(t("err_empty"));
    return;
  }
  const params = new URLSearchParams({ policy: document.getElementById("policy").value,
    lang: LANG });
  const asOf = document.getElementById("as-of").value;
  if (asOf) params.set("as_of", asOf);
  button.disabled = true;
  button.textContent = t("checking");
  document.body.dataset.busy = "1";
  try {
    const answer = await api("v1/check?" + params, {
      method: "POST", headers: { "Content-Type": input.type }, body: input.body });
    if (answer.status === 200) {
      await shown(answer.body, { id: answer.headers.get("X-Decision-Id") }, input.caseData,
        false);
      await loadHistory(answer.body.case_id);
    } else {
      refused(answer);
    }
  } catch (error) {
    showMessage(t("err_network") + error.message);
  } finally {
    button.disabled = false;
    button.textContent = t("check");
    delete document.body.dataset.busy;
    /* a counter that says a check has finished (browser tests wait for it to change) */
    document.body.dataset.checks = String(Number(document.body.dataset.checks || 0) + 1);
  }
}

/** Show a report; fetch the recorded case when the page could not read it (YAML text). */
async function shown(report, decision, caseData, earlier) {
  state.report = report;
  state.decision = decision;
  state.caseData = caseData;
  state.earlier = earlier;
  state.reportLang = earlier ? state.reportLang : LANG;
  if (!caseData && decision && decision.id) {
    const detail = await api("v1/decisions/" + encodeURIComponent(decision.id));
    if (detail.status === 200) {
      state.caseData = detail.body.case;
      state.decision = { id: decision.id, recorded_at: detail.body.recorded_at };
    }
  }
  renderReport(report, state.decision, earlier);
  renderStatement(report, state.decision, state.caseData);
  document.getElementById("lang-note").hidden = state.reportLang === LANG;
  document.getElementById("result").scrollIntoView({ block: "start" });
}

function refused(answer) {
  const body = answer.body || {};
  state.report = null;  /* the result shown belonged to an earlier case text */
  document.getElementById("result").hidden = true;
  const diagnostics = body.diagnostics || [];
  if (answer.status === 401 || answer.status === 403) {
    document.getElementById("token-box").open = true;
    showMessage(t("err_auth") + " " + (body.message || ""));
    return;
  }
  if ((answer.status === 400 || answer.status === 422) && diagnostics.length) {
    if (state.mode === "form") {
      const left = showFieldErrors(diagnostics);
      showMessage(t("err_fix"), left.map(describe));
      const first = document.querySelector("#case-form [aria-invalid='true']");
      if (first) first.scrollIntoView({ block: "center" });
    } else {
      showTextErrors(diagnostics);
      showMessage(t("err_fix"));
    }
    return;
  }
  showMessage(`${answer.status}: ${body.message || ""}`, diagnostics.map(describe));
}

/* ---- the decision log -------------------------------------------------------------------- */

function shownId() {
  return state.decision ? state.decision.id : null;
}

async function loadHistory(caseId) {
  if (!caseId) return;
  const answer = await api("v1/decisions?" + new URLSearchParams({ case_id: caseId }));
  const note = document.getElementById("history-note");
  if (answer.status === 200) {
    state.history = answer.body.decisions;
    state.historyCase = caseId;
    renderDecisions(state.history, viewDecision, shownId());
  } else {
    state.history = null;
    document.getElementById("decisions").hidden = true;
    note.hidden = false;
    note.textContent = answer.status === 503 ? t("no_log") : (answer.body || {}).message || "";
  }
}

async function viewDecision(id) {
  const answer = await api("v1/decisions/" + encodeURIComponent(id));
  if (answer.status !== 200) {
    showMessage(`${answer.status}: ${(answer.body || {}).message || ""}`);
    return;
  }
  state.reportLang = answer.body.lang;
  await shown(answer.body.report, { id, recorded_at: answer.body.recorded_at },
    answer.body.case, true);
  if (state.history) renderDecisions(state.history, viewDecision, shownId());
  document.body.dataset.viewed = id;
}

/* ---- start ------------------------------------------------------------------------------- */

async function loadPolicies() {
  const select = document.getElementById("policy");
  const answer = await api("v1/policies");
  if (answer.status !== 200) {
    refused(answer);
    return;
  }
  const kept = select.value || localStorage.getItem("offboard-policy.policy");
  select.replaceChildren();
  for (const p of answer.body.policies) {
    const title = p.title ? (LANG === "zh" ? p.title.zh : p.title.en) : "";
    const option = new Option(`${p.id} (${p.version})${title ? " — " + title : ""}`, p.id);
    select.append(option);
  }
  if (kept && [...select.options].some((o) => o.value === kept)) select.value = kept;
  document.body.dataset.ready = "1";
}

function start() {
  let lang = null;
  try { lang = localStorage.getItem("offboard-policy.lang"); } catch (_) { /* ignore */ }
  if (!lang) lang = (navigator.language || "zh").toLowerCase().startsWith("zh") ? "zh" : "en";
  const stored = sessionStorage.getItem("offboard-policy.token");
  if (stored) document.getElementById("token").value = stored;
  applyLanguage(lang);
  for (const button of document.querySelectorAll(".lang button")) {
    button.addEventListener("click", () => applyLanguage(button.dataset.lang));
  }
  document.getElementById("tab-form").addEventListener("click", () => setMode("form"));
  document.getElementById("tab-text").addEventListener("click", () => setMode("text"));
  document.getElementById("upload").addEventListener("change", readUpload);
  document.getElementById("add-month").addEventListener("click", () => addWageRow());
  document.getElementById("fill-example").addEventListener("click", fillExample);
  document.getElementById("clear-form").addEventListener("click", clearForm);
  document.getElementById("check").addEventListener("click", check);
  document.getElementById("print").addEventListener("click", () => window.print());
  document.getElementById("policy").addEventListener("change", (event) => {
    localStorage.setItem("offboard-policy.policy", event.target.value);
  });
  document.getElementById("f-case_id").addEventListener("change", (event) => {
    loadHistory(event.target.value.trim());
  });
  document.getElementById("token").addEventListener("change", () => {
    sessionStorage.setItem("offboard-policy.token", token());
    loadPolicies();
  });
  setMode("form");
  loadPolicies().catch((error) => showMessage(t("err_network") + error.message));
}

document.addEventListener("DOMContentLoaded", start);
