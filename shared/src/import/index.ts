/** Customer and vehicle data import (issue 13): the pure core of rules, dates, columns, cleansing and merging. */
export * from './import-rules';
export * from './import-dates';
export * from './resident-id';
export * from './import-columns';
export * from './import-cleanse';
export * from './import-merge';
