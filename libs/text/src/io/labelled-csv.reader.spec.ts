import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseLabelledCsv } from './labelled-csv.reader';

describe('parseLabelledCsv', () => {
  it('reads quoted fields with "" escapes, commas and embedded newlines, with CRLF or LF', () => {
    const csv = 'id,text,label\r\n1,"Cemex cut, ""weak"" outlook",0\r\n2,"two\nlines",2\n3,plain,1';
    expect(parseLabelledCsv(csv)).toEqual([
      { text: 'Cemex cut, "weak" outlook', label: '0', line: 2 },
      { text: 'two\nlines', label: '2', line: 3 },
      { text: 'plain', label: '1', line: 5 },
    ]);
  });

  it('uses other column names and skips blank lines', () => {
    expect(
      parseLabelledCsv('headline,sentiment\n\nup day,bullish\n', {
        textColumn: 'headline',
        labelColumn: 'sentiment',
      }),
    ).toEqual([{ text: 'up day', label: 'bullish', line: 3 }]);
  });

  it('names the line of a malformed record or a missing column', () => {
    expect(() => parseLabelledCsv('text,label\na,1\nb,1,extra\n')).toThrow(
      /Expected 2 fields, found 3 \(line 3\)/,
    );
    expect(() => parseLabelledCsv('text,label\n"open,1\n')).toThrow(CsvFormatError);
    expect(() => parseLabelledCsv('body,label\na,1\n')).toThrow(/Column "text" not in header/);
  });
});
