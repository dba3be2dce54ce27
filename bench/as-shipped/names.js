'use strict';
// Writes the names that name exactly one customer in the CSV `export customers` wrote, one per line:
// the load asks for `show <name>` and every answer should be that one customer's card.
//   node names.js <customers.csv> <names.txt>
const fs = require('node:fs');
const { loadCustomers } = require('../references/customers');

const [csv, out] = process.argv.slice(2);
const counts = new Map();
const { byKey } = loadCustomers(csv);
for (const customer of new Set(byKey.values())) {
  const key = customer.name.toLowerCase();
  counts.set(key, (counts.get(key) || { n: 0, name: customer.name }));
  counts.get(key).n++;
}
const unique = [...counts.values()].filter((c) => c.n === 1 && !/[\r\n\t]/.test(c.name)).map((c) => c.name);
fs.writeFileSync(out, unique.join('\n') + '\n');
console.log(`${unique.length} names that match exactly one customer`);
