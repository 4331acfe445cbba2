import fc from 'fast-check';
import {
  compareClaims,
  customerKeyOf,
  DEFAULT_SOURCE_PRIORITIES,
  mergeFields,
  undoChanges,
  valuesOf,
  vehicleKeyOf,
  type IncomingFields,
  type ProvenancedFields,
  type ProvenancedValue,
  type SourcePriorities,
} from '../../shared/src/import/import-merge';

const claim = (value: string, source: string, at: string, importId = 'import-1'): ProvenancedValue => ({ value, source, at, importId });
const FIELDS = ['name', 'mobile', 'city'] as const;
const EQUAL: SourcePriorities = { finance: 1, invoice: 1, dealer: 1 };

/** Merges records one after another, as the importer does row by row and file by file. */
function mergeAll(records: readonly IncomingFields[], priorities: SourcePriorities, start: ProvenancedFields = {}) {
  return records.reduce<ProvenancedFields>((fields, record) => mergeFields(fields, record, priorities).fields, start);
}

// Few values, sources and instants, so that ties happen often.
const claimArbitrary = (importId: string) =>
  fc.record({
    value: fc.constantFrom('', '张伟', '张 伟', '李娜', '13812345678'),
    source: fc.constantFrom('finance', 'invoice', 'dealer'),
    at: fc.constantFrom('2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z'),
    importId: fc.constant(importId),
  });
const recordArbitrary = (importId: string) =>
  fc.record(Object.fromEntries(FIELDS.map((field) => [field, claimArbitrary(importId)])) as Record<(typeof FIELDS)[number], fc.Arbitrary<ProvenancedValue>>, {
    requiredKeys: [],
  });
const recordsArbitrary = fc
  .integer({ min: 1, max: 8 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => recordArbitrary(`import-${index}`))));
/** Records and the same records in another order. */
const recordsInTwoOrders = recordsArbitrary.chain((records) =>
  fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length })),
);
/** A record's claims without the import id, which does not rank (the same claim twice keeps the first import's id). */
const claimsOf = (fields: ProvenancedFields) =>
  Object.fromEntries(Object.entries(fields).map(([field, { value, source, at }]) => [field, { value, source, at }]));

describe('mergeFields', () => {
  const finance = claim('张伟', 'finance', '2024-01-01T00:00:00Z', 'import-f');
  const dealer = claim('张威', 'dealer', '2024-03-01T00:00:00Z', 'import-d');

  it('sets an empty field and records it', () => {
    expect(mergeFields({}, { name: finance })).toEqual({ fields: { name: finance }, changes: [{ field: 'name', after: finance, action: 'set' }] });
  });

  it('never lets a later lower-priority file overwrite a higher-priority source', () => {
    const result = mergeFields({ name: finance }, { name: dealer });
    expect(result.fields).toEqual({ name: finance });
    expect(result.changes).toEqual([{ field: 'name', before: finance, after: finance, action: 'kept_higher' }]);
  });

  it('lets a higher-priority source overwrite, however old its file', () => {
    const result = mergeFields({ name: dealer }, { name: finance });
    expect(result.fields).toEqual({ name: finance });
    expect(result.changes).toEqual([{ field: 'name', before: dealer, after: finance, action: 'overwrite' }]);
  });

  it('follows priorities an admin configured', () => {
    const dealerFirst = { dealer: 3, invoice: 2, finance: 1 };
    expect(mergeFields({ name: finance }, { name: dealer }, dealerFirst).fields).toEqual({ name: dealer });
  });

  it('ranks a source that is not configured below every configured one', () => {
    const unknown = claim('王五', 'excel-by-hand', '2025-01-01T00:00:00Z');
    expect(mergeFields({ name: dealer }, { name: unknown }).fields).toEqual({ name: dealer });
    expect(mergeFields({ name: unknown }, { name: dealer }).fields).toEqual({ name: dealer });
  });

  it('lets the later value win between equal priorities', () => {
    const earlier = claim('张伟', 'dealer', '2024-01-01T00:00:00Z');
    const later = claim('张威', 'dealer', '2024-02-01T00:00:00Z');
    expect(mergeFields({ name: earlier }, { name: later }).fields).toEqual({ name: later });
    expect(mergeFields({ name: later }, { name: earlier }).changes[0].action).toBe('kept_higher');
  });

  it('never erases with an empty value', () => {
    const result = mergeFields({ name: dealer }, { name: claim('  ', 'finance', '2025-01-01T00:00:00Z'), city: undefined });
    expect(result).toEqual({ fields: { name: dealer }, changes: [] });
  });

  it('changes nothing when the same file comes again under a new import id', () => {
    const again = { ...finance, importId: 'import-again' };
    expect(mergeFields({ name: finance }, { name: again })).toEqual({
      fields: { name: finance },
      changes: [{ field: 'name', before: finance, after: finance, action: 'same' }],
    });
  });

  it('moves the provenance of a value a higher source confirms, calling it the same value', () => {
    const confirmed = claim('张威', 'finance', '2024-01-01T00:00:00Z', 'import-f');
    const result = mergeFields({ name: dealer }, { name: confirmed });
    expect(result.fields).toEqual({ name: confirmed });
    expect(result.changes).toEqual([{ field: 'name', before: dealer, after: confirmed, action: 'same' }]);
  });

  it('does not modify its arguments', () => {
    const existing = { name: dealer };
    const incoming = { name: finance, city: claim('上海', 'finance', '2024-01-01T00:00:00Z') };
    const copies = JSON.parse(JSON.stringify({ existing, incoming }));
    mergeFields(existing, incoming);
    expect({ existing, incoming }).toEqual(copies);
  });

  it('refuses a time that is not an instant', () => {
    expect(() => compareClaims(claim('a', 'dealer', 'yesterday'), claim('b', 'dealer', '2024-01-01T00:00:00Z'), EQUAL)).toThrow(RangeError);
  });

  it('gives the same fields for any order of records of equal priority', () => {
    fc.assert(
      fc.property(recordsInTwoOrders, ([records, shuffled]) => {
        const inOrder = mergeAll(records, EQUAL);
        const reordered = mergeAll(shuffled, EQUAL);
        expect(claimsOf(reordered)).toEqual(claimsOf(inOrder));
        // Each field's import id names a record that made that very claim.
        for (const [field, kept] of Object.entries(reordered)) {
          const record = records.find((candidate) => candidate[field as (typeof FIELDS)[number]]?.importId === kept.importId);
          expect(claimsOf({ [field]: record![field as (typeof FIELDS)[number]]! })).toEqual(claimsOf({ [field]: kept }));
        }
      }),
    );
  });

  it('keeps the highest-priority non-empty value whatever the order', () => {
    fc.assert(
      fc.property(recordsInTwoOrders, ([records, shuffled]) => {
        const fields = mergeAll(shuffled, DEFAULT_SOURCE_PRIORITIES);
        for (const field of FIELDS) {
          const claims = records.map((record) => record[field]).filter((candidate): candidate is ProvenancedValue => candidate !== undefined && candidate.value.trim() !== '');
          if (claims.length === 0) {
            expect(fields[field]).toBeUndefined();
            continue;
          }
          const top = Math.max(...claims.map((candidate) => DEFAULT_SOURCE_PRIORITIES[candidate.source]));
          const topClaims = claims.filter((candidate) => DEFAULT_SOURCE_PRIORITIES[candidate.source] === top);
          expect(DEFAULT_SOURCE_PRIORITIES[fields[field].source]).toBe(top);
          expect(topClaims.map((candidate) => candidate.value)).toContain(fields[field].value);
          // Among the top source's claims, the latest one's value.
          const latest = topClaims.map((candidate) => candidate.at).sort().at(-1);
          expect(fields[field].at).toBe(latest);
        }
      }),
    );
  });

  it('merges the same record twice as once', () => {
    fc.assert(
      fc.property(recordsArbitrary, recordArbitrary('import-twice'), (records, record) => {
        const existing = mergeAll(records, DEFAULT_SOURCE_PRIORITIES);
        const once = mergeFields(existing, record).fields;
        const twice = mergeFields(once, record);
        expect(twice.fields).toEqual(once);
        // The second time touches nothing: every change keeps what is there (the same value, or a higher one).
        for (const change of twice.changes) {
          expect(change.after).toBe(change.before);
          expect(['same', 'kept_higher']).toContain(change.action);
        }
      }),
    );
  });
});

describe('undoChanges', () => {
  it('restores the fields from before one import', () => {
    fc.assert(
      fc.property(recordsArbitrary, recordsArbitrary, (earlier, imported) => {
        const before = mergeAll(earlier, DEFAULT_SOURCE_PRIORITIES);
        // One import: all its records carry its id; the undo log is every change of every record.
        const rows = imported.map((record) => Object.fromEntries(Object.entries(record).map(([field, value]) => [field, { ...value!, importId: 'import-undone' }])));
        let fields: ProvenancedFields = before;
        const changes = rows.flatMap((row) => {
          const result = mergeFields(fields, row);
          fields = result.fields;
          return result.changes;
        });
        expect(undoChanges(fields, changes)).toEqual(before);
        // The same from the log as the database gives it back: copies, not the objects merged.
        expect(undoChanges(fields, JSON.parse(JSON.stringify(changes)))).toEqual(before);
      }),
    );
  });

  it('leaves a field a later import changed since, and restores the others', () => {
    const dealer = claim('张威', 'dealer', '2024-01-01T00:00:00Z', 'import-1');
    const invoice = { name: claim('张伟', 'invoice', '2024-02-01T00:00:00Z', 'import-2'), city: claim('上海', 'invoice', '2024-02-01T00:00:00Z', 'import-2') };
    const second = mergeFields({ name: dealer }, invoice);
    const third = mergeFields(second.fields, { city: claim('杭州', 'finance', '2024-03-01T00:00:00Z', 'import-3') });
    expect(valuesOf(undoChanges(third.fields, second.changes))).toEqual({ name: '张威', city: '杭州' });
    // Undone in reverse order, both imports go.
    expect(undoChanges(undoChanges(third.fields, third.changes), second.changes)).toEqual({ name: dealer });
  });
});

describe('record keys', () => {
  it.each([
    [{ idNumber: '11010519491231002x', mobile: '13812345678' }, 'id:11010519491231002X'],
    [{ idNumber: '110105491231002' }, 'id:11010519491231002X'],
    [{ idNumber: '110105194912310021', mobile: '+86 138-1234-5678' }, 'mobile:13812345678'],
    [{ mobile: '８６ １３８１２３４５６７８' }, 'mobile:13812345678'],
    [{ mobile: '1381234567' }, null],
    [{}, null],
  ])('keys the customer %j as %s', (row, key) => {
    expect(customerKeyOf(row)).toBe(key);
  });

  it('keys a vehicle by its VIN', () => {
    expect(vehicleKeyOf({ vin: ' lsvax321 6sa900001' })).toBe('vin:LSVAX3216SA900001');
  });
});
