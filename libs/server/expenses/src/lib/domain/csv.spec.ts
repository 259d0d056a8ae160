import { CsvSyntaxError, decodeCsv, detectDelimiter, readCsvRecords } from './csv-dialect';
import { classifyType, resolveMapping } from './csv-mapping';
import { interpretCsv, parseMappingInput } from './csv-rows';
import { csvLine, csvText } from './csv-write';
import { duplicateKey } from './duplicates';
import { toPrefixTsQuery } from './search';

describe('CSV dialect', () => {
  it('detects the delimiter', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(detectDelimiter('Datum;Betrag;Text\n01.02.2024;-12,50;Bäcker, Berlin\n02.02.2024;3,00;x\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n3|4\n')).toBe('|');
    expect(detectDelimiter('"x,y";b;c\n"1,2";3;4\n5;6;7\n')).toBe(';');
  });

  it('decodes UTF-8 (dropping a BOM) and falls back to Windows-1252', () => {
    expect(decodeCsv(Buffer.from('\ufeffa,b', 'utf8'))).toEqual({ text: 'a,b', encoding: 'utf-8' });
    const latin = Buffer.from([0x43, 0x61, 0x66, 0xe9]); // "Café" in Windows-1252
    expect(decodeCsv(latin)).toEqual({ text: 'Café', encoding: 'windows-1252' });
  });

  it('reads records with the line where each starts', () => {
    const expected = [
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['1', 'multi\nline'] },
      { line: 5, fields: ['2', 'x'] },
      { line: 6, fields: ['3', 'y'] },
    ];
    expect(readCsvRecords('h1,h2\n1,"multi\nline"\n\n2,x\n3,y', ',')).toEqual(expected);
    expect(readCsvRecords('h1,h2\r\n1,"multi\r\nline"\r\n\r\n2,x\r\n3,y\r\n', ',')).toEqual(expected);
    expect(readCsvRecords('h1,h2\r1,"multi\rline"\r\r2,x\r3,y', ',')).toEqual(expected);
  });

  it('reports unreadable CSV with a line number', () => {
    expect(() => readCsvRecords('a,b\n1,"unterminated\n2,3\n', ',')).toThrow(CsvSyntaxError);
  });
});

describe('column mapping', () => {
  it('recognises common headers', () => {
    const r = resolveMapping(['date', 'description', 'amount', 'transaction_type', 'category', 'account_name']);
    expect(r).toMatchObject({ ok: true, mapping: { date: 0, description: [1, 4], amount: 2, type: 3, category: 4, currency: null } });
  });

  it('uses fallbacks for the description and honours explicit names', () => {
    const headers = ['Buchungstag', 'Verwendungszweck', 'Soll', 'Haben', 'Währung'];
    const r = resolveMapping(headers);
    expect(r).toMatchObject({ ok: true, mapping: { date: 0, description: [1], debit: 2, credit: 3, currency: 4, amount: null } });
    const explicit = resolveMapping(['When', 'What', 'How much'], { date: 'When', description: ['What'], amount: 'how much' });
    expect(explicit).toMatchObject({ ok: true, mapping: { date: 0, description: [1], amount: 2 } });
  });

  it('explains what is missing', () => {
    expect(resolveMapping(['foo', 'bar'])).toEqual({ ok: false, message: expect.stringContaining('No date column') });
    expect(resolveMapping(['date', 'note'])).toEqual({ ok: false, message: expect.stringContaining('No amount column') });
    expect(resolveMapping(['date', 'amount'], { description: 'memo' })).toEqual({ ok: false, message: expect.stringContaining('"memo"') });
  });

  it('classifies type cells', () => {
    expect(classifyType('debit')).toBe('debit');
    expect(classifyType('Expense')).toBe('debit');
    expect(classifyType('DR')).toBe('debit');
    expect(classifyType('credit')).toBe('credit');
    expect(classifyType('Income')).toBe('credit');
    expect(classifyType('Transfer-Out')).toBe('transfer');
    expect(classifyType('Transfer-In')).toBe('transfer');
    expect(classifyType('mystery')).toBeNull();
  });

  it('checks the mapping field', () => {
    expect(parseMappingInput(undefined)).toEqual({ ok: true, mapping: {} });
    expect(parseMappingInput('{"date":"d","refunds":true}')).toEqual({ ok: true, mapping: { date: 'd', refunds: true } });
    expect(parseMappingInput('[1]')).toMatchObject({ ok: false });
    expect(parseMappingInput('{oops')).toMatchObject({ ok: false });
    expect(parseMappingInput('{"dateFormat":"MM/YYYY","color":"red"}')).toEqual({
      ok: false,
      message: expect.stringMatching(/color is not a known option.*dateFormat must be one of/),
    });
  });
});

describe('interpreting a file', () => {
  const opts = { locale: 'en-US' };

  it('keeps debits, skips credits and transfers, and reports bad rows with their lines', () => {
    const csv = [
      'date,description,amount,type,category',
      '2024-01-02,Coffee,3.50,debit,Dining',
      '2024-01-03,Salary,2000.00,credit,Income',
      '2024-01-04,To savings,100,transfer-out,',
      '2024-01-05,Broken,abc,debit,',
      '2024-02-30,Bad date,1.00,debit,',
      '2024-01-06,,4.00,debit,',
      '2024-01-07,Zero,0.00,debit,',
      '2024-01-08,Weird,1.00,sideways,',
    ].join('\n');
    const r = interpretCsv(csv, {}, opts);
    expect(r.rows).toBe(8);
    expect(r.expenses).toEqual([
      { line: 2, occurredOn: '2024-01-02', localTime: null, amount: '3.50', currency: null, description: 'Coffee', merchant: null, category: 'Dining' },
    ]);
    expect(r.skipped).toBe(2);
    expect(r.errors.map((e) => e.line)).toEqual([5, 6, 7, 8, 9]);
    expect(r.errors[0].message).toContain('"abc" is not a number');
    expect(r.errors[1].message).toContain('not a valid YYYY-MM-DD date');
    // the description falls back to the category column, which is empty too
    expect(r.errors[2].message).toBe('description is empty');
    expect(r.errors[3].message).toContain('amount must not be zero');
    expect(r.errors[4].message).toContain('neither a debit nor a credit');
  });

  it('imports credits as refunds when asked', () => {
    const csv = 'date,description,amount,type\n2024-01-02,Shoes,50,debit\n2024-01-09,Shoes returned,50,credit\n';
    expect(interpretCsv(csv, { refunds: true }, opts).expenses.map((e) => e.amount)).toEqual(['50.00', '-50.00']);
  });

  it('reads bank statements: semicolons, comma decimals, day-first dates, negative spending', () => {
    const csv = 'Buchungstag;Verwendungszweck;Betrag;Währung\n01.02.2024;REWE Berlin;-12,50;EUR\n02.02.2024;Gehalt;2.500,00;EUR\n15.02.2024;Miete;-900,00;EUR\n';
    const r = interpretCsv(csv, {}, { locale: 'de-DE' });
    expect(r.mapping).toMatchObject({ delimiter: ';', decimal: ',', dateFormat: 'DD.MM.YYYY', amountSign: 'debitNegative' });
    expect(r.expenses.map((e) => [e.occurredOn, e.amount, e.currency])).toEqual([
      ['2024-02-01', '12.50', 'EUR'],
      ['2024-02-15', '900.00', 'EUR'],
    ]);
    expect(r.skipped).toBe(1);
  });

  it('reads separate debit and credit columns, and times', () => {
    const csv = 'Date,Time,Details,Paid out,Paid in\n03/02/2024,18:45,Dinner,42.10,\n03/03/2024,09:00,Refund,,5.00\n';
    const r = interpretCsv(csv, {}, opts);
    expect(r.expenses).toEqual([
      expect.objectContaining({ occurredOn: '2024-03-02', localTime: '2024-03-02 18:45:00', amount: '42.10', description: 'Dinner' }),
    ]);
    expect(r.skipped).toBe(1);
  });

  it('fails clearly when columns or dates cannot be recognised', () => {
    expect(() => interpretCsv('', {}, opts)).toThrow('empty');
    expect(() => interpretCsv('x,y\n1,2\n', {}, opts)).toThrow('No date column');
    expect(() => interpretCsv('date,description,amount\nsoon,x,1\nlater,y,2\n', {}, opts)).toThrow('Could not recognise the dates');
  });
});

describe('small helpers', () => {
  it('builds prefix full-text queries from free text', () => {
    expect(toPrefixTsQuery('Whole Foods')).toBe('whole:* & foods:*');
    expect(toPrefixTsQuery("it's & | ! <-> (x)")).toBe('it:* & s:* & x:*');
    expect(toPrefixTsQuery('  ')).toBeNull();
    expect(toPrefixTsQuery('Café')).toBe('café:*');
  });

  it('writes CSV cells safely', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvText(null)).toBe('');
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
  });

  it('keys duplicates by date, amount and normalised description', () => {
    expect(duplicateKey('2024-01-01', '3.50', '  Coffee   Shop ')).toBe(duplicateKey('2024-01-01', '3.50', 'coffee shop'));
    expect(duplicateKey('2024-01-01', '3.50', 'Coffee')).not.toBe(duplicateKey('2024-01-02', '3.50', 'Coffee'));
  });
});
