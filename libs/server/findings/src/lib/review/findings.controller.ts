import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { idOf } from '../shared/params';
import {
  AnnotateDto,
  AnnotationDto,
  ApproveDto,
  AssignDto,
  BulkDto,
  BulkResultDto,
  DismissDto,
  FindingDetailDto,
  FindingDto,
  FindingEventListDto,
  FindingListQueryDto,
  FindingPageDto,
  RejectDismissalDto,
  SnoozeDto,
  VersionDto,
} from './findings.dto';
import { ReviewQueueService } from './review-queue.service';
import { ReviewService } from './review.service';

const findingId = idOf('Finding');
const STALE = 'Stale version, or the finding is in a state that does not allow this (the message names it)';

/** The review queue of the caller's tenant: operators read, claim and decide; supervisors also assign and confirm. */
@ApiTags('findings')
@Roles(...OPERATOR_ROLES)
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly queue: ReviewQueueService,
    private readonly review: ReviewService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Filtered, sorted, cursor-paginated findings with the total and counts by status' })
  @ApiOkResponse({ type: FindingPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  list(@CurrentUser() user: AuthUser, @Query() query: FindingListQueryDto): Promise<FindingPageDto> {
    return this.queue.list(user, query);
  }

  @Get('next')
  @ApiOperation({ summary: 'Claims and returns the most urgent unclaimed finding (severity, due date, score); 204 when none' })
  @ApiOkResponse({ type: FindingDto })
  @ApiNoContentResponse({ description: 'Nothing waiting' })
  async next(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: FastifyReply): Promise<FindingDto | undefined> {
    const finding = await this.queue.next(user);
    if (!finding) {
      res.status(204);
      return undefined;
    }
    return finding;
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve, dismiss or assign up to 500 findings; one result per id (a bad id never blocks the others)' })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'The assignee is not an operator of the tenant' })
  bulk(@CurrentUser() user: AuthUser, @Body() dto: BulkDto): Promise<BulkResultDto> {
    return this.review.bulk(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One finding with its full evidence and annotations' })
  @ApiOkResponse({ type: FindingDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string): Promise<FindingDetailDto> {
    return this.queue.get(user, id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Every change to the finding, oldest first (append-only)' })
  @ApiOkResponse({ type: FindingEventListDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  events(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string): Promise<FindingEventListDto> {
    return this.queue.events(user, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the finding to review it (pending, or in review with a lapsed claim)' })
  @ApiOkResponse({ type: FindingDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  claim(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: VersionDto): Promise<FindingDto> {
    return this.review.claim(user, id, dto.version);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the finding back to the queue' })
  @ApiOkResponse({ type: FindingDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  release(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: VersionDto): Promise<FindingDto> {
    return this.review.release(user, id, dto.version);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve for the customer, optionally rewriting title and message (the original is kept)' })
  @ApiOkResponse({ type: FindingDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  approve(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: ApproveDto): Promise<FindingDto> {
    return this.review.approve(user, id, dto);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dismiss with a reason (other needs a note); a high-severity finding waits for a second supervisor when four-eyes is on',
  })
  @ApiOkResponse({ type: FindingDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  dismiss(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: DismissDto): Promise<FindingDto> {
    return this.review.dismiss(user, id, dto);
  }

  @Post(':id/snooze')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put the finding aside until a date; it then returns to the queue as pending' })
  @ApiOkResponse({ type: FindingDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  snooze(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: SnoozeDto): Promise<FindingDto> {
    return this.review.snooze(user, id, dto);
  }

  @Post(':id/assign')
  @Roles('supervisor', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand the finding to an operator of the tenant (supervisor, admin)' })
  @ApiOkResponse({ type: FindingDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'The assignee is not an operator of the tenant' })
  assign(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: AssignDto): Promise<FindingDto> {
    return this.review.assign(user, id, dto);
  }

  @Post(':id/confirm-dismissal')
  @Roles('supervisor', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Second person confirms a dismissal waiting for four-eyes review (not the one who dismissed)' })
  @ApiOkResponse({ type: FindingDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  confirmDismissal(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: VersionDto): Promise<FindingDto> {
    return this.review.confirmDismissal(user, id, dto.version);
  }

  @Post(':id/reject-dismissal')
  @Roles('supervisor', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dismissal waiting for four-eyes review back to the first reviewer' })
  @ApiOkResponse({ type: FindingDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: STALE })
  rejectDismissal(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: RejectDismissalDto): Promise<FindingDto> {
    return this.review.rejectDismissal(user, id, dto);
  }

  @Post(':id/annotate')
  @ApiOperation({ summary: 'Add an internal or customer-visible note (customer-visible ones show with the approved insight)' })
  @ApiCreatedResponse({ type: AnnotationDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  annotate(@CurrentUser() user: AuthUser, @Param('id', findingId) id: string, @Body() dto: AnnotateDto): Promise<AnnotationDto> {
    return this.review.annotate(user, id, dto);
  }
}
