import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrailAndTreatmentRevisions1796000200000 implements MigrationInterface {
  name = 'AuditTrailAndTreatmentRevisions1796000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "treatment_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "treatment_id" uuid NOT NULL, "version" integer NOT NULL, "diagnosis" text NOT NULL, "prescription" text NOT NULL, "notes" text NOT NULL, "edited_by" uuid NOT NULL, "edited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2d415f69bfb93a1b58397283b6d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_treatment_revisions_version" ON "treatment_revisions"  ("treatment_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_user_id" uuid, "actor_role" character varying(16), "action" character varying(64) NOT NULL, "patient_id" uuid, "resource_type" character varying(32), "resource_id" character varying(64), "outcome" character varying(8) NOT NULL, "ip" character varying(64), "request_id" character varying(128), "details" jsonb, CONSTRAINT "CHK_audit_events_outcome" CHECK ("outcome" IN (\'success\', \'denied\', \'failure\')), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_audit_events_actor_at" ON "audit_events"  ("actor_user_id", "at") ');
    await queryRunner.query('CREATE INDEX "IDX_audit_events_patient_at" ON "audit_events"  ("patient_id", "at") ');
    await queryRunner.query('CREATE INDEX "IDX_audit_events_at" ON "audit_events"  ("at") ');
    await queryRunner.query('ALTER TABLE "treatments" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query(
      'ALTER TABLE "treatment_revisions" ADD CONSTRAINT "FK_treatment_revisions_treatment" FOREIGN KEY ("treatment_id") REFERENCES "treatments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "treatment_revisions" ADD CONSTRAINT "FK_treatment_revisions_editor" FOREIGN KEY ("edited_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Every existing treatment becomes its own version 1, written by the appointment's doctor.
    await queryRunner.query(
      `INSERT INTO "treatment_revisions" ("treatment_id", "version", "diagnosis", "prescription", "notes", "edited_by", "edited_at")
       SELECT t."id", 1, t."diagnosis", t."prescription", t."notes", d."user_id", t."updated_at"
         FROM "treatments" t
         JOIN "appointments" a ON a."id" = t."appointment_id"
         JOIN "doctors" d ON d."id" = a."doctor_id"`,
    );
    // The audit trail is append-only: no UPDATE ever, and DELETE only of events older than the
    // retention period. The purge passes its setting with SET LOCAL hms.audit_retention_days;
    // without it the default of six years applies. A lower setting than one day is refused.
    await queryRunner.query(
      `CREATE FUNCTION "audit_events_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         retention_days integer := coalesce(nullif(current_setting('hms.audit_retention_days', true), '')::integer, 2190);
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           RAISE EXCEPTION 'audit events are append-only: UPDATE is not allowed' USING ERRCODE = 'insufficient_privilege';
         END IF;
         IF retention_days < 1 OR OLD."at" > now() - make_interval(days => retention_days) THEN
           RAISE EXCEPTION 'audit events younger than % days cannot be deleted', retention_days USING ERRCODE = 'insufficient_privilege';
         END IF;
         RETURN OLD;
       END
       $$`,
    );
    await queryRunner.query(
      'CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_guard"()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "audit_events_append_only" ON "audit_events"');
    await queryRunner.query('DROP FUNCTION "audit_events_guard"()');
    await queryRunner.query('ALTER TABLE "treatment_revisions" DROP CONSTRAINT "FK_treatment_revisions_editor"');
    await queryRunner.query('ALTER TABLE "treatment_revisions" DROP CONSTRAINT "FK_treatment_revisions_treatment"');
    await queryRunner.query('ALTER TABLE "treatments" DROP COLUMN "version"');
    await queryRunner.query('DROP INDEX "public"."IDX_audit_events_at"');
    await queryRunner.query('DROP INDEX "public"."IDX_audit_events_patient_at"');
    await queryRunner.query('DROP INDEX "public"."IDX_audit_events_actor_at"');
    await queryRunner.query('DROP TABLE "audit_events"');
    await queryRunner.query('DROP INDEX "public"."UQ_treatment_revisions_version"');
    await queryRunner.query('DROP TABLE "treatment_revisions"');
  }
}
