/* The case form: the common fields of the input contract, turned into a case object, and the
 * diagnostics of a refused case shown next to the field they name. Every text reaches the page
 * through textContent; nothing is parsed as HTML. */
"use strict";

/** Set `obj` at the dotted path `path` ("employee.contract.type"), creating objects. */
function setPath(obj, path, value) {
  const parts = path.split(".");
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

/** Options of the selects that list a CHOICES table, in the current language. */
function fillChoiceSelects(root) {
  for (const select of root.querySelectorAll("select[data-choices]")) {
    const kept = select.value;
    select.replaceChildren();
    if (select.dataset.optional) select.append(new Option("—", ""));
    for (const value of Object.keys(CHOICES[select.dataset.choices])) {
      select.append(new Option(choice(select.dataset.choices, value), value));
    }
    select.value = kept;
  }
  for (const box of root.querySelectorAll("div.checks[data-choices]")) {
    const kept = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
    box.replaceChildren();
    for (const value of Object.keys(CHOICES[box.dataset.choices])) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = value;
      input.checked = kept.has(value);
      label.append(input, document.createTextNode(" " + choice(box.dataset.choices, value)));
      box.append(label);
    }
  }
}

/** One row of the wage table, optionally filled. */
function addWageRow(month, gross, overtime) {
  const row = document.createElement("tr");
  row.className = "wage-row";
  const cells = [["month", "month", month], ["gross", "text", gross],
    ["overtime", "text", overtime]];
  for (const [name, type, value] of cells) {
    const cell = document.createElement("td");
    cell.className = "field";
    const input = document.createElement("input");
    input.type = type;
    input.dataset.part = name;
    input.setAttribute("aria-label", t(name));
    if (type === "text") input.inputMode = "decimal";
    if (value !== undefined && value !== null) input.value = value;
    cell.append(input);
    row.append(cell);
  }
  const remove = document.createElement("td");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "small remove";
  button.textContent = "×";
  button.title = t("remove");
  button.addEventListener("click", () => row.remove());
  remove.append(button);
  row.append(remove);
  document.getElementById("wage-rows").append(row);
  return row;
}

/** The case the form describes: only the fields that are filled in, as the contract's JSON.
 * Numbers stay strings (the server reads them as exact decimals). Wage rows are numbered as
 * sent, so a diagnostic's index finds its row. */
function formCase() {
  const form = document.getElementById("case-form");
  const data = {};
  for (const el of form.querySelectorAll("input[data-field], select[data-field]")) {
    if (el.dataset.part) continue;  /* a wage-row input: below */
    const path = el.dataset.field;
    if (el.dataset.kind === "bool") {
      if (el.checked) setPath(data, path, true);
      continue;
    }
    const value = el.value.trim();
    if (value !== "") setPath(data, path, value);
  }
  for (const box of form.querySelectorAll("[data-kind='set']")) {
    const picked = [...box.querySelectorAll("input:checked")].map((i) => i.value);
    if (picked.length) setPath(data, box.dataset.field, picked);
  }
  const months = [];
  for (const row of document.querySelectorAll("#wage-rows tr")) {
    const inputs = row.querySelectorAll("input[data-part]");
    const filled = [...inputs].some((i) => i.value.trim() !== "");
    for (const input of inputs) delete input.dataset.field;
    if (!filled) continue;
    const entry = {};
    for (const input of inputs) {
      input.dataset.field = `employee.wages.monthly[${months.length}].${input.dataset.part}`;
      if (input.value.trim() !== "") entry[input.dataset.part] = input.value.trim();
    }
    months.push(entry);
  }
  if (months.length) setPath(data, "employee.wages.monthly", months);
  if (data.jurisdiction) data.jurisdiction.country = "CN";
  return data;
}

/** A complete example: a Beijing no-fault dismissal with its twelve months of wages. */
function fillExample() {
  clearForm();
  const values = {
    "f-case_id": "HR-2026-0001", "f-city": "beijing", "f-emp_id": "E1001",
    "f-emp_name": "李四", "f-birth": "1985-06-15", "f-hire": "2016-03-14", "f-years": "14",
    "f-gender": "male", "f-leave": "4", "f-ctype": "open_ended", "f-cstart": "2016-03-14",
    "f-probation": "2016-09-13", "f-ground": "no_fault_incompetence",
    "f-initiated": "employer", "f-notice": "2026-08-31", "f-lastday": "2026-09-30",
    "f-tdate": "2026-09-30", "f-union": "2026-08-28", "f-n": "220500.00", "f-lieu": "0",
    "f-leavepay": "0", "f-final": "21000.00", "f-finalon": "2026-09-30",
  };
  for (const [id, value] of Object.entries(values)) document.getElementById(id).value = value;
  document.getElementById("f-writing").checked = true;
  for (let m = 0; m < 13; m += 1) {
    const year = 2025 + Math.floor((8 + m) / 12);
    const month = String(((8 + m) % 12) + 1).padStart(2, "0");
    addWageRow(`${year}-${month}`, month === "12" ? "36000.00" : "21000.00", "0");
  }
}

function clearForm() {
  const form = document.getElementById("case-form");
  for (const el of form.querySelectorAll("input, select")) {
    if (el.type === "checkbox") el.checked = false;
    else el.value = "";
  }
  document.getElementById("f-city").value = "beijing";
  document.getElementById("wage-rows").replaceChildren();
  clearFieldErrors();
}

function clearFieldErrors() {
  for (const el of document.querySelectorAll(".field-error")) el.remove();
  for (const el of document.querySelectorAll("[aria-invalid='true']")) {
    el.removeAttribute("aria-invalid");
  }
  document.getElementById("text-errors").replaceChildren();
}

/** The form element a diagnostic's field path names, or its nearest named parent
 * (`employee.wages.monthly[12]` -> the wage table; `employee.protected_statuses[0]` -> the
 * status boxes). */
function fieldElement(path) {
  const named = [...document.querySelectorAll("#case-form [data-field]")];
  let probe = path;
  while (probe) {
    const found = named.find((el) => el.dataset.field === probe);
    if (found) return found;
    const cut = Math.max(probe.lastIndexOf("."), probe.lastIndexOf("["));
    if (cut <= 0) break;
    probe = probe.slice(0, cut);
  }
  return null;
}

/** Show each diagnostic beside its form field; return those no field of the form shows. */
function showFieldErrors(diagnostics) {
  const left = [];
  for (const d of diagnostics) {
    const el = d.field ? fieldElement(d.field) : null;
    if (!el) {
      left.push(d);
      continue;
    }
    el.setAttribute("aria-invalid", "true");
    const holder = el.closest(".field, fieldset") || el.parentElement;
    const note = document.createElement("p");
    note.className = "field-error";
    note.dataset.for = d.field;
    note.textContent = (el.dataset.field === d.field ? "" : d.field + ": ") + d.message;
    holder.append(note);
  }
  return left;
}

/** Show diagnostics of pasted text under it with line, column and the line itself; clicking
 * one selects that line in the text. */
function showTextErrors(diagnostics) {
  const area = document.getElementById("case-text");
  const list = document.getElementById("text-errors");
  const lines = area.value.split("\n");
  for (const d of diagnostics) {
    const item = document.createElement("li");
    item.className = "diagnostic";
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = d.line ? t("err_line", { line: d.line, column: d.column || 1 }) : "";
    const what = document.createElement("span");
    what.textContent = (d.field ? d.field + ": " : "") + d.message + " [" + d.code + "]";
    item.append(where, " ", what);
    if (d.line && lines[d.line - 1] !== undefined) {
      const code = document.createElement("pre");
      code.textContent = lines[d.line - 1] + "\n" + " ".repeat(Math.max((d.column || 1) - 1, 0)) + "^";
      item.append(code);
      item.tabIndex = 0;
      item.addEventListener("click", () => selectLine(area, lines, d.line));
      item.addEventListener("keydown", (event) => {
        if (event.key === "Enter") selectLine(area, lines, d.line);
      });
    }
    list.append(item);
  }
  area.setAttribute("aria-invalid", "true");
}

function selectLine(area, lines, line) {
  let start = 0;
  for (let i = 0; i < line - 1; i += 1) start += lines[i].length + 1;
  area.focus();
  area.setSelectionRange(start, start + lines[line - 1].length);
}
