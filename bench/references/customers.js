'use strict';
// Reads the CSV that `export customers` writes (RFC 4180: quoted cells, doubled quotes, commas and line
// breaks inside quotes) into an in-memory map keyed by lower-cased name and by id.
const fs = require('node:fs');

function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell.length > 0 || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

function loadCustomers(file) {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  const byKey = new Map();
  for (const cells of rows) {
    if (cells.length < header.length) continue;
    const customer = {};
    header.forEach((name, i) => { customer[name] = cells[i].startsWith("'") ? cells[i].slice(1) : cells[i]; });
    byKey.set(customer.id.toLowerCase(), customer);
    // First one wins for a repeated name, as an exact-name lookup would pick one.
    const name = customer.name.toLowerCase();
    if (!byKey.has(name)) byKey.set(name, customer);
  }
  return { count: rows.length, byKey };
}

module.exports = { loadCustomers };
