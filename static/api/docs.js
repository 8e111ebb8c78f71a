// A plain page listing the operations of /api/v1/openapi.json (no CDN, no framework).
"use strict";

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  (children || []).forEach((c) => node.append(c));
  return node;
}

function resolve(spec, schema) {
  if (schema && schema.$ref) {
    const name = schema.$ref.split("/").pop();
    return { name: name, schema: spec.components.schemas[name] };
  }
  return { name: "", schema: schema };
}

function schemaBlock(spec, title, schema) {
  const found = resolve(spec, schema);
  const body = JSON.stringify(found.schema, null, 2);
  return el("details", {}, [el("summary", {}, [title + (found.name ? " — " + found.name : "")]), el("pre", {}, [body])]);
}

function parameters(op) {
  if (!op.parameters || !op.parameters.length) return null;
  const rows = op.parameters.map((p) =>
    el("tr", {}, [el("td", {}, [el("code", {}, [p.name])]), el("td", {}, [p.in]), el("td", {}, [(p.schema && p.schema.type) || ""]), el("td", {}, [p.required ? "required" : ""])]));
  return el("table", {}, [el("tr", {}, [el("th", {}, ["name"]), el("th", {}, ["in"]), el("th", {}, ["type"]), el("th", {}, [""])]), ...rows]);
}

function operation(spec, path, method, op) {
  const parts = [el("h3", {}, [el("span", { class: "method " + method }, [method.toUpperCase()]), " ", el("code", {}, [path])])];
  if (op.summary || op.description) parts.push(el("p", {}, [op.summary || op.description]));
  const params = parameters(op);
  if (params) parts.push(params);
  const body = op.requestBody && op.requestBody.content["application/json"];
  if (body) parts.push(schemaBlock(spec, "Request body", body.schema));
  Object.entries(op.responses || {}).forEach(([status, response]) => {
    const ref = resolve(spec, response).schema || response;
    const content = ref.content && ref.content["application/json"];
    if (content) parts.push(schemaBlock(spec, "Response " + status, content.schema));
  });
  return el("section", { class: "op" }, parts);
}

fetch("/api/v1/openapi.json")
  .then((r) => r.json())
  .then((spec) => {
    const main = document.getElementById("operations");
    main.replaceChildren();
    Object.entries(spec.paths).forEach(([path, item]) => {
      Object.entries(item).forEach(([method, op]) => {
        if (["get", "post", "put", "patch", "delete"].includes(method)) main.append(operation(spec, path, method, op));
      });
    });
  })
  .catch((e) => { document.getElementById("operations").textContent = String(e); });
