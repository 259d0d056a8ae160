import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { CategorySuggestionDto, ForecastDto, SuggestCategoryQueryDto, UpcomingChargesDto } from './customer-outlook.dto';
import { CustomerOutlookService } from './customer-outlook.service';

const scopeOf = (user: AuthUser) => ({ tenantId: user.tenantId, userId: user.userId });

/**
 * The customer's own outlook for the portal's overview: forecast and upcoming recurring charges. Both are analysis
 * of the customer's spending, so without analysis consent they answer 200 with `consentRequired: true` and no data
 * (a read with nothing to show, which the portal renders as a note pointing to the Consent page; starting an
 * analysis run without consent, an action, answers 422).
 */
@ApiTags('outlook')
@Controller('outlook')
export class CustomerOutlookController {
  constructor(private readonly outlook: CustomerOutlookService) {}

  @Get('forecast')
  @Roles('customer')
  @ApiOperation({ summary: "The next three months' spending forecast (this month first), per category and in total, with 80% intervals",
    description: 'Without analysis consent: `consentRequired: true` and empty months, total and categories.',
  })
  @ApiOkResponse({ type: ForecastDto })
  forecast(@CurrentUser() user: AuthUser): Promise<ForecastDto> {
    return this.outlook.forecast(scopeOf(user));
  }

  @Get('recurring')
  @Roles('customer')
  @ApiOperation({ summary: 'Recurring charges expected in the next 45 days, detected from the last two years of expenses',
    description: 'Without analysis consent: `consentRequired: true` and no items.',
  })
  @ApiOkResponse({ type: UpcomingChargesDto })
  recurring(@CurrentUser() user: AuthUser): Promise<UpcomingChargesDto> {
    return this.outlook.upcoming(scopeOf(user));
  }
}

/** A category for a new expense, from the customer's own categorised expenses. */
@ApiTags('categories')
@ApiExtraModels(CategorySuggestionDto)
@Controller('categories')
export class CategorySuggestionController {
  constructor(private readonly outlook: CustomerOutlookService) {}

  @Get('suggest')
  @Roles('customer')
  @ApiOperation({ summary: 'Suggested category for a description (and merchant); null when the model is not confident enough',
    description: 'Also null when the customer has not granted analysis consent (the suggestion learns from their own expenses).',
  })
  @ApiOkResponse({ schema: { nullable: true, allOf: [{ $ref: getSchemaPath(CategorySuggestionDto) }] } })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async suggest(@CurrentUser() user: AuthUser, @Query() query: SuggestCategoryQueryDto): Promise<CategorySuggestionDto | null> {
    return this.outlook.suggest(scopeOf(user), query.description, query.merchant);
  }
}
