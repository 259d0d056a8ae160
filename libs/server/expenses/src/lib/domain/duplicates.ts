/**
 * Duplicate detection for imports: the same local date, amount and description (case and surrounding or repeated
 * spaces ignored). Matches the database index ix_expenses_dedupe (occurred_on, amount, lower(description)).
 */
export function normaliseDescription(description: string): string {
  return description.trim().replace(/\s+/g, ' ');
}

export function duplicateKey(occurredOn: string, amount: string, description: string): string {
  return `${occurredOn}|${amount}|${normaliseDescription(description).toLowerCase()}`;
}
