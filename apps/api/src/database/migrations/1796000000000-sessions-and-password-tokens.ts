import { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionsAndPasswordTokens1796000000000 implements MigrationInterface {
  name = 'SessionsAndPasswordTokens1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "password_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" character varying(16) NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_password_tokens_purpose" CHECK ("purpose" IN (\'reset\', \'invite\')), CONSTRAINT "PK_816120c39410c02dabd34b8672b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_password_tokens_user" ON "password_tokens"  ("user_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_password_tokens_hash" ON "password_tokens"  ("token_hash") ');
    await queryRunner.query(
      'CREATE TABLE "sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "user_agent" character varying(512) NOT NULL DEFAULT \'\', "ip" character varying(64) NOT NULL DEFAULT \'\', CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_sessions_user" ON "sessions"  ("user_id") ');
    await queryRunner.query('ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      'ALTER TABLE "password_tokens" ADD CONSTRAINT "FK_password_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sessions" ADD CONSTRAINT "FK_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Every existing sign-in (token family) becomes a session, so nobody is signed out by the upgrade.
    await queryRunner.query(
      'INSERT INTO "sessions" ("id", "user_id", "created_at", "last_used_at", "expires_at", "revoked_at") SELECT "family_id", min("user_id"::text)::uuid, min("created_at"), max("created_at"), min("expires_at"), CASE WHEN bool_and("revoked_at" IS NOT NULL) THEN max("revoked_at") END FROM "refresh_tokens" GROUP BY "family_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_refresh_tokens_session" FOREIGN KEY ("family_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_refresh_tokens_session"');
    await queryRunner.query('ALTER TABLE "sessions" DROP CONSTRAINT "FK_sessions_user"');
    await queryRunner.query('ALTER TABLE "password_tokens" DROP CONSTRAINT "FK_password_tokens_user"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "must_change_password"');
    await queryRunner.query('DROP INDEX "public"."IDX_sessions_user"');
    await queryRunner.query('DROP TABLE "sessions"');
    await queryRunner.query('DROP INDEX "public"."UQ_password_tokens_hash"');
    await queryRunner.query('DROP INDEX "public"."IDX_password_tokens_user"');
    await queryRunner.query('DROP TABLE "password_tokens"');
  }
}
