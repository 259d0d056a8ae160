import { Injectable, PipeTransform } from '@nestjs/common';
import { BATCH_MAX_ITEMS, BatchExpenseRequest } from '@spendguard/contracts';
import { invalid } from '@spendguard/server-core';

/**
 * Checks the envelope of a batch (`{items: [...]}`, 1 to 5,000 items) without walking the items: each item is
 * checked on its own by the service so that a bad item fails alone. (The global ValidationPipe would copy all
 * 5,000 objects through class-transformer first, which costs more than storing them.)
 */
@Injectable()
export class BatchBodyPipe implements PipeTransform<unknown, BatchExpenseRequest> {
  transform(body: unknown): BatchExpenseRequest {
    const problems: string[] = [];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be an object {items: [...]}');
    for (const key of Object.keys(body)) if (key !== 'items') problems.push(`property ${key} should not exist`);
    const items = (body as { items?: unknown }).items;
    if (!Array.isArray(items)) problems.push('items must be an array');
    else if (items.length === 0) problems.push('items must not be empty');
    else if (items.length > BATCH_MAX_ITEMS) problems.push(`items may hold at most ${BATCH_MAX_ITEMS} expenses per call`);
    if (problems.length) throw invalid(problems.join('; '), { message: problems });
    return body as BatchExpenseRequest;
  }
}
