/** The default category taxonomy every tenant starts with (customers can add their own). */
export const DEFAULT_CATEGORIES = [
  'Groceries',
  'Dining',
  'Transport',
  'Housing',
  'Utilities',
  'Subscriptions',
  'Shopping',
  'Health',
  'Travel',
  'Entertainment',
  'Education',
  'Personal care',
  'Gifts',
  'Fees',
  'Other',
] as const;

export type DefaultCategory = (typeof DEFAULT_CATEGORIES)[number];
