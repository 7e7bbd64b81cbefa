import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { ConflictError, UnauthenticatedError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/pg-errors';
import { assertDateOfBirthNotInFuture } from '../directory/date-of-birth';
import { DirectoryService } from '../directory/directory.service';
import { MeDto, RegisterDto } from './dto/auth.dto';
import type { UserEntity } from './entities/user.entity';
import { assertPasswordAllowed } from './password-policy';
import { PasswordService } from './password.service';
import { ClientInfo, NO_CLIENT, SessionIssuer, SignedIn, toUserDto } from './session-issuer.service';
import { UsersRepository } from './users.repository';

/** Self-service accounts: patient registration and the caller's own account and profile. */
@Injectable()
export class AccountService {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly directory: DirectoryService,
    private readonly issuer: SessionIssuer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a patient account and its profile in one transaction, then signs it in. */
  async register(input: RegisterDto, client: ClientInfo = NO_CLIENT): Promise<SignedIn> {
    assertPasswordAllowed(input.password, input.email, 'password');
    assertDateOfBirthNotInFuture(input.dateOfBirth, this.config.clinicTimezone);
    const passwordHash = await this.passwords.hash(input.password);
    let user: UserEntity;
    let patientId: string;
    try {
      ({ user, patientId } = await this.unit.run(async ({ em, record }) => {
        const created = await this.users.create({ email: input.email, passwordHash, role: 'patient' }, em);
        const id = await this.directory.createPatient(
          {
            userId: created.id,
            fullName: input.fullName,
            dateOfBirth: input.dateOfBirth ?? null,
            phone: input.phone ?? null,
          },
          em,
        );
        record('patient.changed', { patientId: id });
        return { user: created, patientId: id };
      }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('email_taken', 'An account with this email already exists');
      throw error;
    }
    return this.issuer.start({ user, profileId: patientId }, client);
  }

  async me(caller: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new UnauthenticatedError('account_missing', 'This account no longer exists');
    return { user: toUserDto(user), profile: await this.directory.profileOf(user.id, user.role) };
  }
}
