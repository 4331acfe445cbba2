// What the report page shows after its first paint, in one lazily loaded chunk: the charts (ECharts), a cell's
// tickets and an export's progress. One chunk rather than three: each lazy chunk that uses Ant Design regroups its
// shared code into more files on everyone's first page (bench/console.bench.ts).
export { CellTicketsDrawer } from './components/CellTicketsDrawer';
export { ExportProgress } from './components/ExportProgress';
export { ReportCharts } from './components/ReportCharts';
