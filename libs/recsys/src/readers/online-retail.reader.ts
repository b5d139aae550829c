import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CatalogueItem, Interaction } from '../interactions/interaction';
import { InteractionFormatError } from './interaction-format.error';
import { csvRowsOrThrow, RowProblemLog } from './row-fields';

const COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
];
/** Products have a five-digit stock code (optionally a letter suffix); the rest are postage, fees, manual entries. */
const PRODUCT_CODE = /^\d{5}/;

export interface OnlineRetailDataset {
  /** One per purchased line: customer, stock code, invoice time (epoch seconds, UTC). */
  interactions: Interaction[];
  /** Stock code → its most frequent description. */
  items: CatalogueItem[];
  /** Rows read, and rows left out with why (cancellations, no customer, non-product codes, returns). */
  counts: {
    rows: number;
    kept: number;
    cancelled: number;
    anonymous: number;
    notProduct: number;
    notSale: number;
  };
}

/**
 * UCI Online Retail (Chen et al. 2012) as its CSV (`InvoiceNo,StockCode,Description,Quantity,
 * InvoiceDate,UnitPrice,CustomerID,Country`, optionally gzip-compressed): purchases of registered
 * customers, cancellations ("C" invoices), rows without a customer, non-product codes (POST, M, DOT,
 * BANK CHARGES…) and non-positive quantities left out. Dates are UTC.
 */
export function readOnlineRetailFile(path: string): OnlineRetailDataset {
  const bytes = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return parseOnlineRetail(text, basename(path));
}

export function parseOnlineRetail(text: string, source = 'online-retail.csv'): OnlineRetailDataset {
  const rows = csvRowsOrThrow(text, source);
  const header = rows[0]?.fields.map((name) => name.trim()) ?? [];
  const missing = COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new InteractionFormatError(source, [
      { line: 1, message: `not the Online Retail layout: the header lacks ${missing.join(', ')}` },
    ]);
  }
  const column = Object.fromEntries(COLUMNS.map((name) => [name, header.indexOf(name)]));
  const counts = { rows: rows.length - 1, kept: 0, cancelled: 0, anonymous: 0, notProduct: 0, notSale: 0 };
  const interactions: Interaction[] = [];
  const descriptions = new Map<string, Map<string, number>>();
  const log = new RowProblemLog(source);
  for (const { line, fields } of rows.slice(1)) {
    const field = (name: string) => (fields[column[name]] ?? '').trim();
    const item = field('StockCode').toUpperCase();
    if (field('InvoiceNo').startsWith('C')) counts.cancelled++;
    else if (field('CustomerID') === '') counts.anonymous++;
    else if (!PRODUCT_CODE.test(item)) counts.notProduct++;
    else if (!(Number(field('Quantity')) > 0)) counts.notSale++;
    else {
      const timestamp = Date.parse(`${field('InvoiceDate').replace(' ', 'T')}Z`) / 1000;
      if (!Number.isFinite(timestamp)) {
        log.add(line, `InvoiceDate "${field('InvoiceDate')}" is not YYYY-MM-DD HH:MM[:SS]`);
        continue;
      }
      interactions.push({ user: field('CustomerID'), item, timestamp });
      counts.kept++;
      const description = field('Description');
      if (description !== '') {
        const seen = descriptions.get(item) ?? new Map<string, number>();
        seen.set(description, (seen.get(description) ?? 0) + 1);
        descriptions.set(item, seen);
      }
    }
  }
  log.throwIfAny();
  const items = [...descriptions.entries()].map(([id, seen]) => {
    const title = [...seen.entries()].sort(
      ([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1),
    )[0][0];
    return { id, title, text: title, tags: [] };
  });
  return { interactions, items, counts };
}
