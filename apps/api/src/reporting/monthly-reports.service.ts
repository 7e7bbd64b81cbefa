import { noShowRate } from '@hms/shared';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InvalidInputError, RuleViolationError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { clinicMonthRange, clinicToday, isMonth, previousClinicMonth } from '../common/time/clinic-time';
import { JobDto } from '../jobs/dto/job.dto';
import { jobKeys, REPORT_ATTEMPTS, REPORT_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { JobRecordsService, TrackedJobData } from '../jobs/job-records.service';
import { runsWorkers } from '../jobs/roles';
import { MailSender, SendOutcome } from '../notifications/mail-sender.service';
import { monthlyReportMail, type MonthlyReportData } from '../notifications/templates';
import { renderMonthlyReportPdf } from './report-pdf';
import { ReportingRepository } from './reporting.repository';

export const MONTHLY_REPORTS_JOB = 'monthly-reports';
export const DOCTOR_REPORT_JOB = 'doctor-report';
export const TOP_DIAGNOSES = 10;

export interface MonthlyReportsData extends TrackedJobData {
  month: string;
}

export interface DoctorReportData {
  doctorId: string;
  month: string;
}

/**
 * Monthly reports: the job `monthly-reports:<YYYY-MM>` fans out one job per
 * active doctor (`monthly-report:<doctorId>:<YYYY-MM>`), each of which emails
 * the doctor an HTML report with the same report as a PDF, once.
 */
@Injectable()
export class MonthlyReportsService implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly records: JobRecordsService,
    private readonly sender: MailSender,
    private readonly repository: ReportingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<MonthlyReportsData, Record<string, unknown>>('reports', MONTHLY_REPORTS_JOB, (job) =>
      this.records.track(job, REPORT_ATTEMPTS, async (progress) => {
        const doctors = await this.repository.activeDoctors();
        let done = 0;
        for (const doctor of doctors) {
          await this.queue.enqueue<DoctorReportData>(
            'reports',
            DOCTOR_REPORT_JOB,
            { doctorId: doctor.id, month: job.data.month },
            {
              jobId: jobKeys.doctorReport(doctor.id, job.data.month),
              attempts: REPORT_ATTEMPTS,
              backoffMs: REPORT_BACKOFF_MS,
            },
          );
          done += 1;
          await progress((done / doctors.length) * 100);
        }
        return { result: { month: job.data.month, doctors: doctors.length } };
      }),
    );
    this.queue.process<DoctorReportData, { outcome: SendOutcome }>(
      'reports',
      DOCTOR_REPORT_JOB,
      async (job) => ({ outcome: await this.sendReport(job.data.doctorId, job.data.month) }),
      2,
    );
  }

  /**
   * Starts (or finds) the report job of a month; default last month in the
   * clinic's time zone. The current month may be reported so far; a month
   * after it has nothing to report and is refused (422).
   */
  async start(month: string | undefined, requestedBy: string | null, now: Date = new Date()): Promise<JobDto> {
    const period = month ?? previousClinicMonth(now, this.config.clinicTimezone);
    if (!isMonth(period)) {
      throw new InvalidInputError('invalid_month', 'month must be YYYY-MM', [
        { field: 'month', message: 'month must be YYYY-MM' },
      ]);
    }
    const current = clinicToday(this.config.clinicTimezone, now).slice(0, 7);
    if (period > current) {
      throw new RuleViolationError(
        'month_in_future',
        `${period} has not begun yet; choose ${current} or an earlier month`,
        [{ field: 'month', message: `month must be ${current} or earlier` }],
      );
    }
    return this.records.launch<{ month: string }>({
      key: jobKeys.monthlyReports(period),
      kind: 'monthly-reports',
      requestedBy,
      params: { month: period },
      queue: 'reports',
      name: MONTHLY_REPORTS_JOB,
      data: { month: period },
      attempts: REPORT_ATTEMPTS,
      backoffMs: REPORT_BACKOFF_MS,
    });
  }

  /** The numbers of one doctor's month. */
  async reportData(doctorId: string, doctorName: string, month: string): Promise<MonthlyReportData> {
    const { start: from, end: to } = clinicMonthRange(month, this.config.clinicTimezone);
    const [counts, patientsSeen, diagnoses] = await Promise.all([
      this.repository.countsByStatus(doctorId, from, to),
      this.repository.patientsSeen(doctorId, from, to),
      this.repository.topDiagnoses(doctorId, from, to, TOP_DIAGNOSES),
    ]);
    const byStatus = {
      booked: counts.booked ?? 0,
      checkedIn: counts.checked_in ?? 0,
      completed: counts.completed ?? 0,
      cancelled: counts.cancelled ?? 0,
      noShow: counts.no_show ?? 0,
    };
    const [y, m] = month.split('-').map(Number);
    const monthLabel = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y, m - 1, 15)),
    );
    return {
      doctorName,
      month,
      monthLabel,
      byStatus,
      total: byStatus.booked + byStatus.checkedIn + byStatus.completed + byStatus.cancelled + byStatus.noShow,
      noShowRate: noShowRate(byStatus),
      patientsSeen,
      diagnoses,
    };
  }

  async sendReport(doctorId: string, month: string): Promise<SendOutcome> {
    const brand = {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
    return this.sender.sendOnce(jobKeys.doctorReport(doctorId, month), 'monthly-report', async () => {
      const doctor = await this.repository.doctor(doctorId);
      if (!doctor) return null;
      const data = await this.reportData(doctor.id, doctor.fullName, month);
      const pdf = await renderMonthlyReportPdf(this.config.clinicName, data);
      return {
        ...monthlyReportMail(brand, data),
        to: { name: doctor.fullName, address: doctor.email },
        attachments: [{ filename: `report-${month}.pdf`, content: pdf, contentType: 'application/pdf' }],
      };
    });
  }
}
