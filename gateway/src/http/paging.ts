// class-transformer's @Type reads decorator metadata through the Reflect API this package provides.
import 'reflect-metadata';

import { Type } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';

import { DEFAULT_PAGE_SIZE, IsIntIn, MAX_PAGE_SIZE } from './dto-rules';
import type { OpenApiObject } from './openapi-parts';
import type { QueryShape } from './operations';

/** `?pageSize&bookmark` of a paginated chaincode listing; the first page has no bookmark. */
export class PageQueryDto {
  @IsOptional() @Type(() => Number) @IsIntIn(1, MAX_PAGE_SIZE) pageSize?: number;
  @IsOptional() @IsString() @Length(0, 1024) bookmark?: string;
}

/** The OpenAPI parameters of {@link PageQueryDto}. */
export const PAGE_PARAMETERS: readonly OpenApiObject[] = [
  { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
  { name: 'bookmark', in: 'query', schema: { type: 'string', maxLength: 1024 } },
];

/** The query of a paginated chaincode listing. */
export const PAGE_QUERY: QueryShape<PageQueryDto> = { dto: PageQueryDto, parameters: PAGE_PARAMETERS };

/** The page size and bookmark arguments of a chaincode listing, from a validated page query. */
export function pageArgs(query: PageQueryDto): { readonly pageSize: string; readonly bookmark: string } {
  return { pageSize: String(query.pageSize ?? DEFAULT_PAGE_SIZE), bookmark: query.bookmark ?? '' };
}
