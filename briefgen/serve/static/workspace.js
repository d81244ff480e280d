// The briefgen workspace: draft from articles, review, edit in a form built from the JSON Schema,
// preview and download. Every piece of a brief is put on the page as text or as a form value,
// never as markup; the only HTML taken from the server is what it escaped (the review view) and
// the preview, which is shown in a sandboxed frame without scripts.
"use strict";

const state = { brief: null, schema: null, timer: null, previewSeq: 0 };
const LONG_TEXT = new Set(["summary", "stance", "statement", "text", "reason", "item", "banner"]);
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function headers(extra = {}) {
  const token = $("token") ? $("token").value.trim() : "";
  return token ? { ...extra, Authorization: "Bearer " + token } : extra;
}

async function call(path, init = {}) {
  const response = await fetch(path, { ...init, headers: headers(init.headers || {}) });
  if (response.ok) return response;
  let detail = response.statusText;
  let problems = [];
  try {
    const body = await response.json();
    if (typeof body.detail === "string") detail = body.detail;
    else if (Array.isArray(body.detail)) detail = body.detail.map((d) => d.msg).join("; ");
    problems = body.problems || [];
  } catch (_) { /* not JSON: keep the status text */ }
  const error = new Error(detail);
  error.status = response.status;
  error.problems = problems;
  throw error;
}

function say(id, message, isError = false) {
  const node = $(id);
  node.textContent = message;
  node.classList.toggle("error", isError);
}

// ---- the form, built from the schema -------------------------------------------------------

function deref(schema) {
  let s = schema;
  for (;;) {
    if (s.$ref) {
      s = { ...state.schema.$defs[s.$ref.split("/").pop()], title: s.title, description: s.description || state.schema.$defs[s.$ref.split("/").pop()].description };
    } else if (s.anyOf) {
      const real = s.anyOf.filter((a) => a.type !== "null");
      if (real.length !== 1) return s;
      s = { ...real[0], title: s.title || real[0].title, description: s.description || real[0].description };
    } else {
      return s;
    }
  }
}

function dotted(path) {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? "." + p : p)).join("");
}

function fieldId(path) {
  return "f-" + dotted(path).replace(/[^A-Za-z0-9_-]/g, "-");
}

function human(key) {
  const text = String(key).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function getAt(path) {
  let node = state.brief;
  for (const part of path) {
    if (node === undefined || node === null) return undefined;
    node = node[part];
  }
  return node;
}

function setAt(path, value) {
  let node = state.brief;
  for (let i = 0; i < path.length - 1; i++) {
    if (node[path[i]] === undefined || node[path[i]] === null) node[path[i]] = typeof path[i + 1] === "number" ? [] : {};
    node = node[path[i]];
  }
  const last = path[path.length - 1];
  if ((value === undefined || value === "") && !Array.isArray(node)) delete node[last];
  else node[last] = value === undefined ? "" : value;
  schedulePreview();
}

function itemLabel(value, index) {
  if (value && typeof value === "object") {
    for (const key of ["actor", "name", "label", "statement", "title", "text", "item", "id"]) {
      if (typeof value[key] === "string" && value[key]) return `${index + 1}. ${value[key].slice(0, 70)}`;
    }
  }
  if (typeof value === "string" && value) return `${index + 1}. ${value.slice(0, 70)}`;
  return `${index + 1}.`;
}

function blank(schema) {
  const s = deref(schema);
  if (s.type === "object" && s.properties) return {};
  if (s.type === "array") return [];
  return "";
}

function scalarInput(s, path, id) {
  const value = getAt(path);
  let input;
  if (s.enum) {
    input = el("select", { id });
    input.append(el("option", { value: "", text: "(not set)" }));
    for (const option of s.enum) input.append(el("option", { value: option, text: option }));
    input.value = value ?? "";
    input.addEventListener("change", () => setAt(path, input.value || undefined));
  } else if (s.type === "boolean") {
    input = el("input", { id, type: "checkbox" });
    input.checked = Boolean(value ?? s.default);
    input.addEventListener("change", () => setAt(path, input.checked));
  } else if (s.type === "integer" || s.type === "number") {
    input = el("input", { id, type: "number", step: s.type === "integer" ? "1" : "any", inputmode: "decimal" });
    if (s.minimum !== undefined) input.min = s.minimum;
    if (s.maximum !== undefined) input.max = s.maximum;
    input.value = value ?? "";
    input.addEventListener("input", () => {
      const n = s.type === "integer" ? parseInt(input.value, 10) : parseFloat(input.value);
      setAt(path, Number.isNaN(n) ? undefined : n);
    });
  } else if (s.format === "date") {
    input = el("input", { id, type: "date" });
    input.value = value ?? "";
    input.addEventListener("input", () => setAt(path, input.value || undefined));
  } else {
    const long = LONG_TEXT.has(String(path[path.length - 1])) || (typeof path[path.length - 1] === "number" && LONG_TEXT.has(String(path[path.length - 2])));
    input = long ? el("textarea", { id, rows: 3 }) : el("input", { id, type: "text" });
    if (typeof s.default === "string" && s.default) input.placeholder = s.default;
    input.value = value ?? "";
    input.addEventListener("input", () => setAt(path, input.value));
  }
  input.dataset.path = dotted(path);
  return input;
}

function field(schema, path, key) {
  const s = deref(schema);
  const id = fieldId(path);
  const label = s.title && typeof key === "string" ? s.title : human(key);
  const hint = s.description ? el("p", { class: "hint", id: id + "-hint", text: s.description }) : null;
  if (s.type === "object" && s.properties) {
    const box = el("fieldset", { class: "group", "data-path": dotted(path) }, el("legend", { text: label }), hint);
    for (const [name, sub] of Object.entries(s.properties)) box.append(field(sub, [...path, name], name));
    return box;
  }
  if (s.type === "array") return arrayField(s, path, label, hint);
  if (s.type === "object") return mappingField(path, label, id);
  const input = scalarInput(s, path, id);
  if (hint) input.setAttribute("aria-describedby", hint.id);
  const wrap = el("div", { class: s.type === "boolean" ? "field check" : "field" });
  if (s.type === "boolean") wrap.append(input, el("label", { for: id, text: label }));
  else wrap.append(el("label", { for: id, text: label }), input);
  if (hint) wrap.append(hint);
  return wrap;
}

function mappingField(path, label, id) {
  // A free mapping (issue stances by issue id): edited as JSON, the one place the form shows it.
  const input = el("textarea", { id, rows: 2, spellcheck: "false" });
  input.value = JSON.stringify(getAt(path) ?? {});
  input.dataset.path = dotted(path);
  input.addEventListener("change", () => {
    try {
      setAt(path, JSON.parse(input.value || "{}"));
      input.removeAttribute("aria-invalid");
    } catch (_) {
      input.setAttribute("aria-invalid", "true");
    }
  });
  return el("div", { class: "field" }, el("label", { for: id, text: label + " (JSON)" }), input);
}

function arrayField(s, path, label, hint) {
  const items = getAt(path) || [];
  const details = el("details", { class: "list", "data-path": dotted(path) });
  details.open = path.length > 1 && items.length <= 3;
  details.append(el("summary", { text: `${label} (${items.length})` }));
  if (hint) details.append(hint);
  items.forEach((value, index) => {
    const itemPath = [...path, index];
    const remove = el("button", { type: "button", class: "remove", text: "Remove", "aria-label": `Remove ${label} ${index + 1}` });
    remove.addEventListener("click", () => {
      getAt(path).splice(index, 1);
      schedulePreview();
      renderForm(fieldId(path) + "-add");
    });
    const itemSchema = deref(s.items);
    if (itemSchema.type === "object" && itemSchema.properties) {
      const box = el("fieldset", { class: "item", "data-path": dotted(itemPath) }, el("legend", { text: itemLabel(value, index) }));
      for (const [name, sub] of Object.entries(itemSchema.properties)) box.append(field(sub, [...itemPath, name], name));
      box.append(remove);
      details.append(box);
    } else {
      const id = fieldId(itemPath);
      const input = scalarInput(itemSchema, itemPath, id);
      details.append(el("div", { class: "field inline" }, el("label", { for: id, text: `${label} ${index + 1}` }), input, remove));
    }
  });
  const add = el("button", { type: "button", class: "add", id: fieldId(path) + "-add", text: `Add to ${label.toLowerCase()}` });
  add.addEventListener("click", () => {
    const list = getAt(path) || [];
    list.push(blank(s.items));
    setAt(path, list);
    renderForm(fieldId([...path, list.length - 1]));
  });
  details.append(add);
  return details;
}

function renderForm(focusId) {
  const form = $("brief-form");
  const open = new Set([...form.querySelectorAll("details[open]")].map((d) => d.dataset.path));
  form.replaceChildren();
  for (const [name, sub] of Object.entries(state.schema.properties)) form.append(field(sub, [name], name));
  for (const d of form.querySelectorAll("details")) if (open.has(d.dataset.path)) d.open = true;
  if (focusId) {
    const target = $(focusId) || form.querySelector(`[id^="${CSS.escape(focusId)}"]`);
    if (target) {
      const holder = target.closest("details");
      if (holder) holder.open = true;
      (target.matches("input,select,textarea,button") ? target : target.querySelector("input,select,textarea")).focus();
    }
  }
}

// ---- validation messages, inline -----------------------------------------------------------

function showProblems(problems, message) {
  const box = $("problems");
  const form = $("brief-form");
  for (const old of form.querySelectorAll(".field-error")) old.remove();
  for (const bad of form.querySelectorAll("[aria-invalid]")) bad.removeAttribute("aria-invalid");
  box.replaceChildren();
  if (!problems.length && !message) return;
  box.append(el("p", { text: problems.length ? `The brief has ${problems.length} problem(s):` : message }));
  const list = el("ul");
  problems.forEach((problem, n) => {
    let path = problem.field || "";
    let target = null;
    while (path && !(target = form.querySelector(`[data-path="${CSS.escape(path)}"]`))) {
      path = path.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
    }
    const text = (problem.field ? problem.field + ": " : "") + problem.message;
    const item = el("li");
    if (target) {
      const errorId = `problem-${n}`;
      const note = el("p", { class: "field-error", id: errorId, text: problem.message });
      if (target.matches("input,select,textarea")) {
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-describedby", errorId);
        target.insertAdjacentElement("afterend", note);
      } else {
        target.prepend(note);
      }
      for (let holder = target.closest("details"); holder; holder = holder.parentElement.closest("details")) holder.open = true;
      const go = el("a", { href: "#" + (target.id || fieldId([problem.field])), text });
      go.addEventListener("click", (event) => {
        event.preventDefault();
        (target.matches("input,select,textarea") ? target : target.querySelector("input,select,textarea,summary") || target).focus();
      });
      item.append(go);
    } else {
      item.textContent = text;
    }
    list.append(item);
  });
  box.append(list);
}

// ---- preview and downloads -----------------------------------------------------------------

function schedulePreview() {
  clearTimeout(state.timer);
  state.timer = setTimeout(preview, 500);
}

function packQuery() {
  return "&pack=" + encodeURIComponent($("pack").value);
}

async function preview() {
  const seq = ++state.previewSeq;
  say("preview-status", "Updating the preview…");
  try {
    const response = await call("/v1/render?format=html" + packQuery(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(state.brief),
    });
    const html = await response.text();
    if (seq !== state.previewSeq) return;
    $("preview").srcdoc = html;
    showProblems([]);
    say("preview-status", "Preview up to date.");
  } catch (error) {
    if (seq !== state.previewSeq) return;
    showProblems(error.problems || [], error.message);
    say("preview-status", "Preview not updated: " + (error.problems && error.problems.length ? "fix the problems listed in the form." : error.message), true);
  }
}

async function download(format) {
  say("preview-status", `Preparing the ${format.toUpperCase()}…`);
  try {
    const response = await call(`/v1/render?format=${format}` + packQuery(), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state.brief),
    });
    const blob = await response.blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: "brief." + format });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    say("preview-status", `Downloaded brief.${format}.`);
  } catch (error) {
    showProblems(error.problems || [], error.message);
    say("preview-status", "Download failed: " + error.message, true);
  }
}

// ---- drafting and opening ------------------------------------------------------------------

async function loadSchema() {
  if (!state.schema) state.schema = await (await call("/v1/schema")).json();
}

async function showBrief(brief) {
  await loadSchema();
  state.brief = brief;
  const review = $("review");
  try {
    const response = await call("/v1/review", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(brief),
    });
    review.innerHTML = await response.text(); // escaped by the server's templates
    review.hidden = false;
    $("review-title").focus(); // keyboard users land on what just appeared
  } catch (error) {
    review.hidden = true;
  }
  $("work").hidden = false;
  renderForm();
  await preview();
}

async function draft(event) {
  event.preventDefault();
  const form = $("articles-form");
  const data = new FormData();
  const text = $("article-text").value;
  if (text.trim()) data.append("text", text);
  for (const file of $("article-files").files) data.append("files", file, file.name);
  if (!text.trim() && !$("article-files").files.length) {
    say("status", "Paste an article or choose files first.", true);
    $("article-text").focus();
    return;
  }
  say("status", "Drafting…");
  form.setAttribute("aria-busy", "true");
  try {
    const merge = $("merge").checked ? "&merge=true" : "";
    const response = await call("/v1/extract?format=json" + merge, { method: "POST", body: data });
    await showBrief(await response.json());
    say("status", "Draft ready: review each item against its evidence below.");
  } catch (error) {
    say("status", "Could not draft: " + error.message, true);
  } finally {
    form.removeAttribute("aria-busy");
  }
}

async function openBrief() {
  const file = $("open-brief").files[0];
  if (!file) return;
  const type = /\.json$/i.test(file.name) ? "application/json" : "application/yaml";
  say("status", `Opening ${file.name}…`);
  try {
    const response = await call("/v1/validate", { method: "POST", headers: { "Content-Type": type }, body: await file.text() });
    const result = await response.json();
    await showBrief(result.brief);
    say("status", `Opened ${file.name}.` + (result.warnings.length ? " " + result.warnings.join(" ") : ""));
  } catch (error) {
    const located = (error.problems || []).map((p) => `${p.file}:${p.line ?? "?"}: ${p.field}: ${p.message}`).join("; ");
    say("status", `Could not open ${file.name}: ` + (located || error.message), true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const token = $("token");
  if (token) {
    token.value = sessionStorage.getItem("briefgen-token") || "";
    token.addEventListener("change", () => sessionStorage.setItem("briefgen-token", token.value));
  }
  $("articles-form").addEventListener("submit", draft);
  $("open-brief").addEventListener("change", openBrief);
  $("pack").addEventListener("change", schedulePreview);
  for (const button of document.querySelectorAll(".downloads button")) {
    button.addEventListener("click", () => download(button.dataset.format));
  }
});
