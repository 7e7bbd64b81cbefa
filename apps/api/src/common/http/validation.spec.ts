import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { createValidationPipe } from './validation';

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page?: number;

  @IsOptional()
  @IsString()
  @MaxLength(5)
  search?: string;
}

let calls = 0;
class CountedQuery {
  @ValidateBy({ name: 'countedCheck', validator: { validate: () => ++calls > 0 } })
  value!: string;
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

describe('validation pipe on queries', () => {
  it('gives each request its own DTO instance for a repeated query', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ page: '2', search: 'ab' }, query(PageQuery))) as PageQuery;
    first.page = 99;
    const second = (await pipe.transform({ page: '2', search: 'ab' }, query(PageQuery))) as PageQuery;
    expect(second).toBeInstanceOf(PageQuery);
    expect(second).toEqual({ page: 2, search: 'ab' });
    expect(second).not.toBe(first);
  });

  it('refuses a bad query every time, also after the same fields were valid', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({ page: '2' }, query(PageQuery));
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({ page: '0' }, query(PageQuery))).rejects.toBeInstanceOf(BadRequestException);
      await expect(pipe.transform({ page: '2', extra: 'x' }, query(PageQuery))).rejects.toBeInstanceOf(
        BadRequestException,
      );
      await expect(pipe.transform({ search: 'too long' }, query(PageQuery))).rejects.toBeInstanceOf(
        BadRequestException,
      );
    }
  });

  it('validates every time a DTO whose constraints it cannot tell to be pure', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({ value: 'a' }, query(CountedQuery));
    await pipe.transform({ value: 'a' }, query(CountedQuery));
    expect(calls).toBe(2);
  });
});
