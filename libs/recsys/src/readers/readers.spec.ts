import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from './delimited-text.parser';
import { parseInteractionCsv, parseItemCsv } from './interaction-csv.reader';
import { detectInteractionFormat, readMovieLensFolder } from './interaction-file.reader';
import { InteractionFormatError } from './interaction-format.error';
import {
  parseMovieLens100kItems,
  parseMovieLens100kRatings,
  parseMovieLens1mItems,
  parseMovieLens1mRatings,
  parseMovieLensLatestItems,
  parseMovieLensLatestRatings,
} from './movielens.reader';
import { parseOnlineRetail, readOnlineRetailFile } from './online-retail.reader';
import { writeSplitFiles } from '../protocols/split-files.writer';

/** The error's problems as "line: message" strings, or a failure when nothing was thrown. */
function problemsOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof InteractionFormatError)
      return error.problems.map((problem) => `${problem.line}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected an InteractionFormatError');
}

describe('MovieLens readers', () => {
  it('reads ML-100K u.data rows as interactions with rating and timestamp', () => {
    const text = '196\t242\t3\t881250949\n186\t302\t3\t891717742\r\n\n22\t377\t1\t878887116\n';
    expect(parseMovieLens100kRatings(text)).toEqual([
      { user: '196', item: '242', rating: 3, timestamp: 881250949 },
      { user: '186', item: '302', rating: 3, timestamp: 891717742 },
      { user: '22', item: '377', rating: 1, timestamp: 878887116 },
    ]);
  });

  it('lists every malformed u.data row with its line number', () => {
    // Line 2 has three fields, line 4 a non-numeric rating, line 5 an empty item; line 3 is fine.
    const text = '1\t2\t3\t4\n1\t2\t3\n5\t6\t4\t7\n8\t9\tfive\t10\n8\t\t4\t10\n';
    expect(problemsOf(() => parseMovieLens100kRatings(text))).toEqual([
      '2: expected 4 fields separated by "\\t", got 3',
      '4: rating "five" is not a number',
      '5: empty item id',
    ]);
  });

  it('reads ML-100K u.item with genre flags as tags (latin1 text already decoded)', () => {
    const flags = (on: number[]): string =>
      Array.from({ length: 19 }, (_, index) => (on.includes(index) ? 1 : 0)).join('|');
    const text =
      `1|Toy Story (1995)|01-Jan-1995||http://x|${flags([3, 4, 5])}\n` +
      `2|Cité des enfants perdus, La (1995)|01-Jan-1995||http://y|${flags([16])}\n`;
    const items = parseMovieLens100kItems(text);
    expect(items[0]).toEqual({
      id: '1',
      title: 'Toy Story (1995)',
      text: "Toy Story (1995). Animation, Children's, Comedy",
      tags: ['Animation', "Children's", 'Comedy'],
    });
    expect(items[1].title).toBe('Cité des enfants perdus, La (1995)');
    expect(items[1].tags).toEqual(['Thriller']);
    expect(
      problemsOf(() =>
        parseMovieLens100kItems(`3|Short|x\n4|Bad flag|d||u|${flags([]).replace(/^0/, '2')}\n`),
      ),
    ).toEqual(['1: expected 24 "|"-separated fields, got 3', '2: genre flag 1 is "2", not 0 or 1']);
  });

  it('reads ML-1M ratings.dat and movies.dat (:: separated)', () => {
    expect(parseMovieLens1mRatings('1::1193::5::978300760\n')).toEqual([
      { user: '1', item: '1193', rating: 5, timestamp: 978300760 },
    ]);
    expect(parseMovieLens1mItems("1::Toy Story (1995)::Animation|Children's|Comedy\n")[0].tags).toEqual([
      'Animation',
      "Children's",
      'Comedy',
    ]);
    expect(problemsOf(() => parseMovieLens1mRatings('1::2::3::4\n1::2::3\n'))).toEqual([
      '2: expected 4 fields separated by "::", got 3',
    ]);
  });

  it('reads ml-latest CSVs, quoted titles included, and checks the header', () => {
    const ratings = 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n';
    expect(parseMovieLensLatestRatings(ratings)[1]).toEqual({
      user: '1',
      item: '3',
      rating: 4.5,
      timestamp: 964981247,
    });
    const movies =
      'movieId,title,genres\n11,"American President, The (1995)",Comedy|Drama|Romance\n' +
      '12,"Say ""Hi"" (2001)",(no genres listed)\n';
    const items = parseMovieLensLatestItems(movies);
    expect(items[0].title).toBe('American President, The (1995)');
    expect(items[1]).toEqual({ id: '12', title: 'Say "Hi" (2001)', text: 'Say "Hi" (2001)', tags: [] });
    expect(problemsOf(() => parseMovieLensLatestRatings('user,movie,rating,timestamp\n1,2,3,4\n'))).toEqual([
      '1: expected the header "userId,movieId,rating,timestamp", got "user,movie,rating,timestamp"',
    ]);
  });
});

describe('generic CSV readers', () => {
  it('finds user and item by header name, ignores other columns, keeps optional ones', () => {
    const text = 'session,item,user,timestamp\nabc,SKU-1,u1,2026-01-01T00:00:10Z\nxyz,SKU-2,u2,\n';
    expect(parseInteractionCsv(text)).toEqual([
      { user: 'u1', item: 'SKU-1', timestamp: 1767225610 },
      { user: 'u2', item: 'SKU-2' },
    ]);
  });

  it('requires a header naming user and item', () => {
    expect(problemsOf(() => parseInteractionCsv('1,2\n3,4\n'))).toEqual([
      '1: the header must name the columns user, item (missing user, item); got "1,2"',
    ]);
  });

  it('reports rows by the line they start on, even after a quoted line break', () => {
    // Row 2 spans lines 2–3 (a quoted newline); the short row is on line 4, the bad timestamp on 5.
    const text = 'user,item,note\nu1,i1,"two\nlines"\nu2,i2\nu3,i3,ok\n';
    expect(parseCsvRows(text).map((row) => row.line)).toEqual([1, 2, 4, 5]);
    expect(problemsOf(() => parseInteractionCsv(text + 'u4,i4,fine,extra\n'))).toEqual([
      '4: expected 3 fields like the header, got 2',
      '6: expected 3 fields like the header, got 4',
    ]);
    expect(problemsOf(() => parseInteractionCsv('user,item,timestamp\nu1,i1,yesterday\n'))).toEqual([
      '2: timestamp "yesterday" is neither epoch seconds nor an ISO 8601 date',
    ]);
  });

  it('turns CSV syntax errors into row problems', () => {
    expect(problemsOf(() => parseInteractionCsv('user,item\nu1,"i1\n'))).toEqual([
      '2: unterminated quoted field',
    ]);
    expect(problemsOf(() => parseInteractionCsv('user,item\nu1,"i1"x\n'))).toEqual([
      '2: unexpected text after a closing quote in field 2',
    ]);
  });

  it('reads an items CSV with text and tags', () => {
    const text = 'id,title,description,tags\nSKU-1,Kettle,"Steel, 1.7 l",home|cooking\nSKU-2,Kite,,kids\n';
    expect(parseItemCsv(text)).toEqual([
      { id: 'SKU-1', title: 'Kettle', text: 'Kettle. Steel, 1.7 l', tags: ['home', 'cooking'] },
      { id: 'SKU-2', title: 'Kite', text: 'Kite', tags: ['kids'] },
    ]);
    expect(problemsOf(() => parseItemCsv('title\nKettle\n'))).toEqual([
      '1: the header names no "id" (or "item") column',
    ]);
  });
});

describe('Online Retail reader', () => {
  const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
  const rows = [
    '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
    '536366,85123a,"WHITE HANGING HEART T-LIGHT HOLDER",2,2010-12-01 09:00:00,2.55,13047,United Kingdom',
    '536367,85123A,CREAM HANGING HEART,1,2010-12-02 10:00:00,2.55,13047,United Kingdom',
    'C536379,22556,PLASTERS IN TIN CIRCUS PARADE,-12,2010-12-01 09:41:00,1.65,14527,United Kingdom',
    '536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom',
    '536370,POST,POSTAGE,3,2010-12-01 08:45:00,18,12583,France',
    '536371,22139,RETROSPOT TEA SET CERAMIC 11 PC,-3,2010-12-01 12:00:00,4.95,12583,France',
  ];

  it('keeps purchases of known customers, says why each other row was left out, takes the usual description', () => {
    const dataset = parseOnlineRetail([header, ...rows].join('\n'));
    expect(dataset.interactions).toEqual([
      { user: '17850', item: '85123A', timestamp: Date.UTC(2010, 11, 1, 8, 26) / 1000 },
      { user: '13047', item: '85123A', timestamp: Date.UTC(2010, 11, 1, 9, 0) / 1000 },
      { user: '13047', item: '85123A', timestamp: Date.UTC(2010, 11, 2, 10, 0) / 1000 },
    ]);
    expect(dataset.counts).toEqual({
      rows: 7,
      kept: 3,
      cancelled: 1,
      anonymous: 1,
      notProduct: 1,
      notSale: 1,
    });
    expect(dataset.items).toEqual([
      {
        id: '85123A',
        title: 'WHITE HANGING HEART T-LIGHT HOLDER',
        text: 'WHITE HANGING HEART T-LIGHT HOLDER',
        tags: [],
      },
    ]);
  });

  it('reads the gzip file and refuses another layout, naming the missing columns', () => {
    const folder = mkdtempSync(join(tmpdir(), 'recsys-retail-'));
    writeFileSync(join(folder, 'retail.csv.gz'), gzipSync([header, rows[0]].join('\n')));
    expect(readOnlineRetailFile(join(folder, 'retail.csv.gz')).interactions).toHaveLength(1);
    expect(problemsOf(() => parseOnlineRetail('user,item\n1,2'))).toEqual([
      '1: not the Online Retail layout: the header lacks InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID',
    ]);
    expect(
      problemsOf(() =>
        parseOnlineRetail([header, rows[0].replace('2010-12-01 08:26:00', 'yesterday')].join('\n')),
      ),
    ).toEqual(['2: InvoiceDate "yesterday" is not YYYY-MM-DD HH:MM[:SS]']);
  });

  it('writes the catalogue beside a split as items.csv, which the items reader reads back', () => {
    const catalogue = [
      { id: 'B', title: 'Kite, red', text: 'Kite, red', tags: ['toys', 'outdoor'] },
      { id: 'A', title: 'Kettle', text: 'Kettle', tags: [] },
    ];
    const files = writeSplitFiles(
      { protocol: 'test', train: [], validation: [], test: [] },
      mkdtempSync(join(tmpdir(), 'recsys-items-')),
      catalogue,
    );
    expect(readFileSync(files.items!, 'utf8')).toBe('id,title,tags\nA,Kettle,\nB,"Kite, red",toys|outdoor\n');
    expect(parseItemCsv(readFileSync(files.items!, 'utf8'))).toEqual([catalogue[1], catalogue[0]]);
  });
});

describe('file readers', () => {
  it('decodes ML-100K files as latin1 and recognises a MovieLens folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'recsys-ml100k-'));
    const flags = Array.from({ length: 19 }, () => '0').join('|');
    // "é" is one byte (0xE9) in latin1; read as UTF-8 it would become U+FFFD.
    writeFileSync(
      join(folder, 'u.item'),
      Buffer.from(`1|Cité (1995)|01-Jan-1995||http://x|${flags}\n`, 'latin1'),
    );
    writeFileSync(join(folder, 'u.data'), '1\t1\t5\t881250949\n');
    const dataset = readMovieLensFolder(folder);
    expect(dataset.format).toBe('ml-100k');
    expect(dataset.items[0].title).toBe('Cité (1995)');
    expect(dataset.interactions).toEqual([{ user: '1', item: '1', rating: 5, timestamp: 881250949 }]);
  });
});

describe('detectInteractionFormat', () => {
  it.each([
    ['user,item,rating\nu1,i1,5\n', 'csv'],
    ['userId,movieId,rating,timestamp\n1,1,4.0,964982703\n', 'ml-latest'],
    ['1::1193::5::978300760\n', 'ml-1m'],
    ['1\t1\t5\t874965758\n', 'ml-100k'],
  ])('reads the layout of %j from its first line as %s', (content, format) => {
    const path = join(mkdtempSync(join(tmpdir(), 'deepworks-format-')), 'ratings');
    writeFileSync(path, content);
    expect(detectInteractionFormat(path)).toBe(format);
  });
});
