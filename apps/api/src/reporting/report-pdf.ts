import PDFDocument from 'pdfkit';
import type { MonthlyReportData } from '../notifications/templates';

/** Renders a doctor's monthly report as a PDF (pdfkit, no browser). */
export function renderMonthlyReportPdf(clinicName: string, r: MonthlyReportData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: `Monthly report ${r.month}`, Author: clinicName },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.rect(0, 0, doc.page.width, 70).fill('#0b6e8a');
    doc.fillColor('#ffffff').fontSize(20).text(clinicName, 50, 25);
    doc.fillColor('#1f2933').moveDown(2);
    doc.fontSize(16).text(`Monthly report: ${r.monthLabel}`, 50, 100);
    doc.fontSize(12).text(r.doctorName).moveDown();

    const rows: [string, number | string][] = [
      ['Appointments', r.total],
      ['Completed', r.byStatus.completed],
      ['Cancelled', r.byStatus.cancelled],
      ['No-shows', r.byStatus.noShow ?? 0],
      ['No-show rate', `${Math.round((r.noShowRate ?? 0) * 1000) / 10}%`],
      ['Still booked', r.byStatus.booked + (r.byStatus.checkedIn ?? 0)],
      ['Patients seen', r.patientsSeen],
    ];
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.text(label, 50, y, { width: 250 });
      doc.text(String(value), 300, y, { width: 100, align: 'right' });
    }
    doc.moveDown().fontSize(14).text('Diagnoses', 50).fontSize(12);
    if (r.diagnoses.length === 0) doc.text('No diagnoses were recorded this month.');
    for (const d of r.diagnoses) {
      const y = doc.y;
      doc.text(d.diagnosis, 50, y, { width: 240 });
      const after = doc.y;
      doc.text(String(d.count), 300, y, { width: 100, align: 'right' });
      doc.y = Math.max(after, doc.y);
    }
    doc.end();
  });
}
