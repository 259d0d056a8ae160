import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { ApiErrorDto, Roles } from '@spendguard/server-core';
import { idOf } from '../shared/params';
import { CategoriesService } from './categories.service';
import { CategoryDto, CategoryListDto, CreateCategoryDto, MergeCategoryDto, MergeCategoryResultDto, RenameCategoryDto } from './categories.dto';

const uuid = idOf('Category');

@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: "The tenant's default categories plus the caller's own (customers)" })
  @ApiOkResponse({ type: CategoryListDto })
  async list(@CurrentUser() user: AuthUser): Promise<CategoryListDto> {
    return { items: await this.categories.list(user) };
  }

  @Post()
  @Roles('customer')
  @ApiOperation({ summary: 'Create an own category' })
  @ApiCreatedResponse({ type: CategoryDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
    @ApiConflictResponse({ type: ApiErrorDto, description: 'A category with this name (any case) exists' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.categories.create(user, dto.name);
  }

  @Patch(':id')
  @Roles('customer')
  @ApiOperation({ summary: 'Rename an own category' })
  @ApiOkResponse({ type: CategoryDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Default categories cannot be renamed' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  rename(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: RenameCategoryDto): Promise<CategoryDto> {
    return this.categories.rename(user, id, dto.name);
  }

  @Post(':id/merge')
  @Roles('customer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge an own category into another: moves expenses (with revisions) and budgets' })
  @ApiOkResponse({ type: MergeCategoryResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'Default categories cannot be merged away' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiUnprocessableEntityResponse({ type: ApiErrorDto, description: 'Unknown target, or the category itself' })
  merge(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: MergeCategoryDto): Promise<MergeCategoryResultDto> {
    return this.categories.merge(user, id, dto.intoId);
  }
}
