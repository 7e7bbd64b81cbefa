import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseClientErrors } from './database/client-errors';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClinicModule } from './clinic/clinic.module';
import { DenyByDefaultGuard } from './common/auth/deny-by-default.guard';
import { CommonModule } from './common/common.module';
import { createRootLogger, loggerParams, ROOT_LOGGER } from './common/logging';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions, type DatabaseConnection } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { DoctorModule } from './doctor/doctor.module';
import { DeskModule } from './desk/desk.module';
import { FhirModule } from './fhir/fhir.module';
import { BackgroundModule } from './jobs/background.module';
import { JobsModule } from './jobs/jobs.module';
import { PatientModule } from './patient/patient.module';
import { RedisModule } from './redis/redis.module';

/**
 * The whole product, assembled for one process role: `api` serves HTTP,
 * `worker` runs queue processors, `scheduler` runs the crons, `all` does
 * everything. Every role answers the health routes.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseConnection): DynamicModule {
    const rootLogger = createRootLogger(config);
    const imports: ModuleMetadata['imports'] = [
      ConfigModule.forRoot(config),
      LoggerModule.forRoot(loggerParams(rootLogger)),
      TypeOrmModule.forRoot({ ...dataSourceOptions(database), retryAttempts: 5, retryDelay: 1_000 }),
      RedisModule,
      CommonModule,
      AuditModule,
      JobsModule.forRoot(config),
      HealthModule,
      ClinicModule,
      BackgroundModule,
      AuthModule,
      AdminModule,
      DoctorModule,
      PatientModule,
      DeskModule,
      FhirModule,
    ];
    return {
      module: AppModule,
      imports,
      providers: [
        { provide: APP_GUARD, useClass: DenyByDefaultGuard },
        { provide: ROOT_LOGGER, useValue: rootLogger },
        DatabaseClientErrors,
      ],
    };
  }
}
