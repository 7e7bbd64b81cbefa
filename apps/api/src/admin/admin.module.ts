import { Module } from '@nestjs/common';

/**
 * The admin face of the API: thin controllers under /api/v1/admin over the
 * domain modules' services. No rules live here.
 */
@Module({
  imports: [],
  controllers: [],
})
export class AdminModule {}
