import jsonata from 'jsonata';
import { compileExpression } from '../src/shared/expression/compile';
import type { ExprType } from '../src/shared/expression/library';
import { report } from './report';

/**
 * The order → NetSuite sales order mapping of the template, as compiled
 * closures (Steward's expression language), per record; and the same mapping
 * in JSONata for comparison. Goal: ≤ 5 µs per record.
 */
const MAPPINGS: Record<string, string> = {
  externalId: '"shopify-" & orderId',
  otherRefNum: 'name',
  tranDate: 'date(placedAt)',
  email: 'lower(trim(customerEmail))',
  currency: 'upper(currency)',
  subtotal: 'fromMinor(sum(lines, quantity * unitPrice), currency)',
  shippingCost: 'fromMinor(shipping, currency)',
  taxTotal: 'fromMinor(tax, currency)',
  total: 'fromMinor(total, currency)',
  itemSkus: 'map(lines, sku)',
  itemQuantities: 'map(lines, quantity)',
  itemRates: 'map(lines, fromMinor(unitPrice, currency))',
  memo: 'if count(lines, quantity > 2) > 0 then "bulk" else "standard"',
};

const JSONATA = `{
  "externalId": "shopify-" & orderId,
  "otherRefNum": name,
  "tranDate": $substring(placedAt, 0, 10),
  "email": $lowercase($trim(customerEmail)),
  "currency": $uppercase(currency),
  "subtotal": $formatNumber($sum(lines.(quantity * unitPrice)) / 100, "0.00"),
  "shippingCost": $formatNumber(shipping / 100, "0.00"),
  "taxTotal": $formatNumber(tax / 100, "0.00"),
  "total": $formatNumber(total / 100, "0.00"),
  "itemSkus": [lines.sku],
  "itemQuantities": [lines.quantity],
  "itemRates": [lines.($formatNumber(unitPrice / 100, "0.00"))],
  "memo": $count(lines[quantity > 2]) > 0 ? "bulk" : "standard"
}`;

const scope = new Map<string, ExprType>([
  ['orderId', 'string'],
  ['name', 'string'],
  ['placedAt', 'string'],
  ['customerEmail', 'string'],
  ['currency', 'string'],
  ['shipping', 'number'],
  ['tax', 'number'],
  ['total', 'number'],
  ['lines', 'list'],
]);

const records = Array.from({ length: 2_000 }, (_, index) => ({
  orderId: String(7_000_000_001 + index),
  name: `#${1001 + index}`,
  placedAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
  customerEmail: ` Buyer${index}@Example.com `,
  currency: 'usd',
  shipping: 595,
  tax: 825,
  total: 10_000 + index,
  lines: Array.from({ length: 1 + (index % 4) }, (_unused, line) => ({ sku: `SKU-${line}`, quantity: 1 + ((index + line) % 4), unitPrice: 1250 + line * 100 })),
}));

const compiled = Object.entries(MAPPINGS).map(([field, source]) => {
  const result = compileExpression(source, scope);
  if (!result.ok) throw new Error(`${field}: ${result.error.message}`);
  return [field, result.value] as const;
});
const mapRecord = (record: unknown): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [field, expression] of compiled) out[field] = expression.evaluate(record);
  return out;
};

const measure = async (work: (record: unknown) => unknown, rounds: number): Promise<number> => {
  for (const record of records.slice(0, 200)) await work(record);
  const started = process.hrtime.bigint();
  for (let round = 0; round < rounds; round += 1) for (const record of records) await work(record);
  return Number(process.hrtime.bigint() - started) / 1000 / (rounds * records.length);
};

const sample = mapRecord(records[5]);
const expression = jsonata(JSONATA);
const viaJsonata = (await expression.evaluate(records[5])) as Record<string, unknown>;
if (sample['externalId'] !== viaJsonata['externalId'] || sample['total'] !== viaJsonata['total'] || sample['subtotal'] !== viaJsonata['subtotal']) {
  throw new Error(`the two mappings disagree: ${JSON.stringify(sample)} vs ${JSON.stringify(viaJsonata)}`);
}

const closures = await measure((record) => mapRecord(record), 20);
const jsonataMicros = await measure((record) => expression.evaluate(record), 2);

report(
  'mapping',
  [
    { name: 'order → sales order, compiled closures', value: closures, unit: 'µs/record', goal: 5, direction: 'at-most' },
    { name: 'same mapping in JSONata', value: jsonataMicros, unit: 'µs/record', goal: 0, direction: 'reference' },
  ],
  { fields: compiled.length, jsonataToClosuresRatio: Number((jsonataMicros / closures).toFixed(1)), records: records.length },
);
