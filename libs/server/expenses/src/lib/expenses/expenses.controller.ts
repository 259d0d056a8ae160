import { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { BatchExpenseRequest, ExpenseView } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { csvLine, csvText } from '../domain/csv-write';
import { idOf } from '../shared/params';
import { BatchBodyPipe } from './batch-body.pipe';
import {
  BatchExpenseDto,
  BatchExpenseResultDto,
  CreateExpenseDto,
  ExpenseDto,
  ExpenseFiltersQueryDto,
  ExpenseHistoryDto,
  ExpenseListQueryDto,
  ExpensePageDto,
  UpdateExpenseDto,
} from './expenses.dto';
import { ExpenseOwner, ExpensesService } from './expenses.service';

const expenseId = idOf('Expense');

export function ownerOf(user: AuthUser): ExpenseOwner {
  return { tenantId: user.tenantId, customerId: user.userId, actorId: user.userId };
}

const EXPORT_HEADER = ['id', 'occurredOn', 'occurredAt', 'amount', 'currency', 'description', 'merchant', 'category', 'notes', 'source'];

/** One page of the export as CSV lines. */
function csvChunk(page: ExpenseView[]): string {
  let chunk = '';
  for (const e of page) {
    chunk += csvLine([e.id, e.occurredOn, e.occurredAt, e.amount, e.currency, csvText(e.description), csvText(e.merchant), csvText(e.category), csvText(e.notes), e.source]);
  }
  return chunk;
}

/** Customers manage their own expenses; everything here is scoped to the caller. */
@ApiTags('expenses')
@Roles('customer')
@Controller('expenses')
export class ExpensesController {
  constructor(private readonly expenses: ExpensesService) {}

  @Post()
  @ApiOperation({ summary: 'Record an expense' })
  @ApiCreatedResponse({ type: ExpenseDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Invalid amount, date, currency, ...' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'Unknown category' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateExpenseDto): Promise<ExpenseDto> {
    return this.expenses.create(ownerOf(user), dto);
  }

  @Get()
  @ApiOperation({ summary: 'Filtered, sorted, cursor-paginated list with the total of the filtered set' })
  @ApiOkResponse({ type: ExpensePageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ExpenseListQueryDto): Promise<ExpensePageDto> {
    return this.expenses.list(ownerOf(user), query);
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The filtered list as CSV, streamed (same filters and sort as the list)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header row', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async exportCsv(
    @CurrentUser() user: AuthUser,
    @Query() query: ExpenseFiltersQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const pages = this.expenses.exportPages(ownerOf(user), query);
    // The first page is read before anything is sent, so a failure there is an ordinary error answer; later pages
    // are read as the client takes the stream (backpressure), each in its own short transaction.
    const first = await pages.next();
    async function* lines(): AsyncGenerator<string> {
      yield csvLine(EXPORT_HEADER);
      if (first.done) return;
      yield csvChunk(first.value);
      for await (const page of pages) yield csvChunk(page);
    }
    res.header('Cache-Control', 'no-store');
    return new StreamableFile(Readable.from(lines()), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="expenses.csv"' });
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ingest up to 5,000 expenses idempotently by externalId, in one transaction; bad items are reported one by one',
  })
  @ApiOkResponse({ type: BatchExpenseResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Not a list, empty, or more than 5,000 items' })
  @ApiBody({ type: BatchExpenseDto })
  batch(@CurrentUser() user: AuthUser, @Body(BatchBodyPipe) body: BatchExpenseRequest): Promise<BatchExpenseResultDto> {
    return this.expenses.batch(ownerOf(user), body.items);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your expenses' })
  @ApiOkResponse({ type: ExpenseDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown or not yours' })
  get(@CurrentUser() user: AuthUser, @Param('id', expenseId) id: string): Promise<ExpenseDto> {
    return this.expenses.get(ownerOf(user), id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an expense; send the version you read (409 when it is stale)' })
  @ApiOkResponse({ type: ExpenseDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'Stale version; the body carries currentVersion' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'Unknown category' })
  update(@CurrentUser() user: AuthUser, @Param('id', expenseId) id: string, @Body() dto: UpdateExpenseDto): Promise<ExpenseDto> {
    return this.expenses.update(ownerOf(user), id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an expense (its history is kept)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  remove(@CurrentUser() user: AuthUser, @Param('id', expenseId) id: string): Promise<void> {
    return this.expenses.remove(ownerOf(user), id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every change of an expense: who, when, before and after' })
  @ApiOkResponse({ type: ExpenseHistoryDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async history(@CurrentUser() user: AuthUser, @Param('id', expenseId) id: string): Promise<ExpenseHistoryDto> {
    return { items: await this.expenses.history(ownerOf(user), id) };
  }
}
