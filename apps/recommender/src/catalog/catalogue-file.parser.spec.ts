import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { parseCatalogueFile } from './catalogue-file.parser';

describe('parseCatalogueFile', () => {
  it('reads a CSV with quoted fields and pipe-separated tags', () => {
    const csv = [
      'id,title,description,category,tags',
      'K-1,Enamel kettle,"Blue, 1.5 l",kitchen,cooking|steel',
      'K-2,Teapot,,,',
    ].join('\n');
    const parsed = parseCatalogueFile('csv', csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rowsRead).toBe(2);
    expect(parsed.items).toEqual([
      {
        id: 'K-1',
        title: 'Enamel kettle',
        description: 'Blue, 1.5 l',
        category: 'kitchen',
        tags: ['cooking', 'steel'],
      },
      { id: 'K-2', title: 'Teapot', description: '', category: null, tags: [] },
    ]);
  });

  it('reports every malformed CSV row with its line, a quoted line break counting as a line', () => {
    const csv = [
      'id,title,description',
      'A-1,"Lamp","two', // line 2: the quoted field runs onto line 3
      'lines"',
      'A-2,,no title', // line 4
      'A-3,only two fields', // line 5
      'A-1,Repeat,again', // line 6
    ].join('\n');
    const parsed = parseCatalogueFile('csv', csv);
    expect(parsed.items.map((item) => item.id)).toEqual(['A-1']);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([4, 5, 6]);
    expect(parsed.problems[0].message).toMatch(/title must be longer than or equal to 1/);
    expect(parsed.problems[1].message).toMatch(/expected 3 fields, got 2/);
    expect(parsed.problems[2].message).toBe('item "A-1" already appears on line 2');
  });

  it('refuses a header with unknown or missing columns as a problem on line 1', () => {
    const parsed = parseCatalogueFile('csv', 'id,titel\nA,B\n');
    expect(parsed.items).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].line).toBe(1);
    expect(parsed.problems[0].message).toMatch(/missing column\(s\) title; unknown column\(s\) titel/);
  });

  it('reads JSON Lines, skipping blank lines, and names bad JSON and bad fields by line', () => {
    const jsonl = [
      '{"id":"T-1","title":"Kite","tags":["kids"]}',
      '',
      '{"id":"T-2","title":"Puzzle"', // line 3: broken JSON
      '{"id":"T-3","title":"Blocks","colour":"red"}', // line 4: unknown field
      '["T-4"]', // line 5: not an object
    ].join('\n');
    const parsed = parseCatalogueFile('jsonl', jsonl);
    expect(parsed.items).toEqual([
      { id: 'T-1', title: 'Kite', description: '', category: null, tags: ['kids'] },
    ]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([3, 4, 5]);
    expect(parsed.problems[1].message).toMatch(/property colour should not exist/);
    expect(parsed.problems[2].message).toBe('each line must be one JSON object');
  });
});
