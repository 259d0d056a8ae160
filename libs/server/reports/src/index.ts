export * from './lib/reports.module';
export * from './lib/reports.service';
export * from './lib/report-data.service';
export * from './lib/period';
