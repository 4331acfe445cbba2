import { access } from '@careline/shared';
import { cellId, cellQuery, readReportView, reportQuery, writeReportView } from '../../console/src/features/reports/report-view';
import { CHECKPOINT_TAKERS, REPORT_OVERSIGHT, REPORT_READERS, ROADSIDE_FIGURE_READERS } from '../../console/src/features/reports/reports-access';

/** The report page's state lives in its URL query: what is read back is what was written, and bad links still open. */
describe('the report page’s URL query', () => {
  const regionId = '7d0f4c52-2d7e-4f53-9a51-1f0c1a2b3c4d';

  it('is empty for the default view, so the plain link is /reports', () => {
    const view = readReportView(new URLSearchParams());
    expect(view).toEqual({ filters: { basis: 'created' }, groupBy: ['dealer'], timeBasis: 'business' });
    expect(writeReportView(view).toString()).toBe('');
  });

  it('round-trips filters, a two-dimension grouping and the time basis', () => {
    const search = new URLSearchParams({ basis: 'resolved', from: '2026-10-01', to: '2026-11-01', type: 'complaint', regionId, vehicleModel: 'Model A', groupBy: 'region,month', time: 'clock' });
    const view = readReportView(search);
    expect(view).toEqual({
      filters: { basis: 'resolved', from: '2026-10-01', to: '2026-11-01', type: 'complaint', regionId, vehicleModel: 'Model A' },
      groupBy: ['region', 'month'],
      timeBasis: 'clock',
    });
    expect(Object.fromEntries(writeReportView(view))).toEqual(Object.fromEntries(search));
    expect(reportQuery(view)).toEqual({ ...view.filters, groupBy: 'region,month' });
    expect(reportQuery(view, ['dealer'])).toEqual({ ...view.filters, groupBy: 'dealer' });
  });

  it('drops what it does not know from a link edited by hand, keeping at most two different dimensions', () => {
    const view = readReportView(new URLSearchParams({ groupBy: 'month,month,colour,dealer,region', type: 'bicycle', time: 'lunar', basis: 'whenever' }));
    expect(view).toEqual({ filters: { basis: 'created' }, groupBy: ['month', 'dealer'], timeBasis: 'business' });
  });
});

describe('a cell’s drill-down query', () => {
  const filters = { basis: 'created' as const, from: '2026-10-01' };

  it('narrows the filters by the cell’s keys, a type key becoming the type filter', () => {
    expect(cellQuery(filters, { type: 'complaint', month: '2026-10' })).toEqual({ basis: 'created', from: '2026-10-01', type: 'complaint', month: '2026-10' });
    expect(cellQuery(filters, { dealer: 'none' })).toEqual({ basis: 'created', from: '2026-10-01', dealer: 'none' });
  });

  it('names a cell the same whatever order its keys come in', () => {
    expect(cellId({ month: '2026-10', region: 'r1' })).toBe(cellId({ region: 'r1', month: '2026-10' }));
    expect(cellId({ month: '2026-10', region: 'r1' })).not.toBe(cellId({ month: '2026-11', region: 'r1' }));
  });
});

describe('the console’s report roles', () => {
  it('are the API’s access groups for the report endpoints', () => {
    expect([...REPORT_READERS].sort()).toEqual([...access.reportReaders.roles].sort());
    expect([...REPORT_OVERSIGHT].sort()).toEqual([...access.oversight.roles].sort());
    expect([...ROADSIDE_FIGURE_READERS].sort()).toEqual([...access.standingReaders.roles].sort());
    expect([...CHECKPOINT_TAKERS].sort()).toEqual([...access.qa.roles].sort());
  });
});
