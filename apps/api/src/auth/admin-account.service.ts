import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PasswordService } from './password.service';
import { UsersRepository } from './users.repository';

/**
 * Creates the admin account at first start from ADMIN_EMAIL/ADMIN_PASSWORD.
 * Without ADMIN_PASSWORD a random one is generated and printed once. There
 * is no default password. Safe when several instances start together.
 */
@Injectable()
export class AdminAccountService {
  private readonly logger = new Logger(AdminAccountService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ensureAdmin(): Promise<void> {
    if (await this.users.findByEmail(this.config.adminEmail)) return;
    const generated = this.config.adminPassword === null;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const created = await this.users.createIfAbsent({
      email: this.config.adminEmail,
      passwordHash: await this.passwords.hash(password),
      role: 'admin',
      // A generated password was shown on a console: it must be changed before anything else.
      mustChangePassword: generated,
    });
    if (!created) return;
    if (generated) {
      // Printed once, on purpose, to the console rather than the structured log.
      process.stdout.write(
        `\n  Admin account created: ${this.config.adminEmail}\n  Password (shown once, change it): ${password}\n\n`,
      );
    } else {
      this.logger.log(`Admin account created: ${this.config.adminEmail}`);
    }
  }
}
