import { MigrationInterface, QueryRunner } from 'typeorm';

export class FrontDesk1796000700000 implements MigrationInterface {
  name = 'FrontDesk1796000700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "CHK_users_role"');
    await queryRunner.query(
      "ALTER TABLE \"users\" ADD CONSTRAINT \"CHK_users_role\" CHECK (\"role\" IN ('admin', 'doctor', 'patient', 'receptionist'))",
    );
    await queryRunner.query(
      'CREATE TABLE "staff_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "full_name" character varying(120) NOT NULL, CONSTRAINT "PK_cdad75efe024402db5d51140960" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_staff_members_user" ON "staff_members" ("user_id") ');
    await queryRunner.query(
      'ALTER TABLE "staff_members" ADD CONSTRAINT "FK_staff_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "staff_members"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "CHK_users_role"');
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "CHK_users_role" CHECK ("role" IN (\'admin\', \'doctor\', \'patient\'))',
    );
  }
}
