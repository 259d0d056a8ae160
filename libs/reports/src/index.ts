// Public surface of libs/reports: the Excel report builder. Plain TypeScript, no framework imports.
export * from './lib/model';
export * from './lib/derive';
export * from './lib/workbook';
export * from './lib/native-charts';
export * from './lib/png-charts';
export * from './lib/report-fixture';
