export * from './ledger';
export { MERCHANTS, type MerchantSpec } from './merchants';
