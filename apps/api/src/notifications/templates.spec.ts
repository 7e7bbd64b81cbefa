import { appointmentMail, dateLabel, escapeHtml, monthlyReportMail, timeLabel } from './templates';

const brand = { clinicName: 'Clinic <b>', publicUrl: 'http://clinic.test', timeZone: 'UTC' };
const appointment = {
  patientName: '<script>alert(1)</script>',
  doctorName: 'Dr. "Who" & Co',
  specialization: 'Cardiology',
  startsAt: new Date('2026-12-03T09:00:00Z'),
  endsAt: new Date('2026-12-03T09:30:00Z'),
  reason: 'chest pain <img src=x>',
};

describe('templates', () => {
  it('escapes every user-supplied value in the HTML part', () => {
    const mail = appointmentMail(brand, 'booked', appointment);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img src=x>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Dr. &quot;Who&quot; &amp; Co');
    expect(mail.html).toContain('Clinic &lt;b&gt;');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('keeps clinical details out of the subject', () => {
    const mail = appointmentMail(brand, 'reminder', appointment);
    expect(mail.subject).toBe('Reminder: your appointment on 3 Dec 2026');
    expect(mail.subject).not.toContain('chest');
    const report = monthlyReportMail(brand, {
      doctorName: 'Dr. A',
      month: '2026-11',
      monthLabel: 'November 2026',
      byStatus: { booked: 0, completed: 1, cancelled: 0 },
      total: 1,
      patientsSeen: 1,
      diagnoses: [{ diagnosis: 'Flu <b>', count: 1 }],
    });
    expect(report.subject).toBe('Your monthly report for November 2026');
    expect(report.html).toContain('Flu &lt;b&gt;');
  });
});

describe('labels', () => {
  it('are the same whether formatted afresh or remembered, per zone', () => {
    const instant = new Date('2026-03-29T00:30:00Z');
    const fresh = (zone: string) => [
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' }).format(
        instant,
      ),
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        instant,
      ),
    ];
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'UTC']) {
      expect([dateLabel(instant, zone), timeLabel(instant, zone)]).toEqual(fresh(zone));
    }
    expect(timeLabel(instant, 'Europe/Berlin')).toBe('01:30');
    expect(timeLabel(instant, 'UTC')).toBe('00:30');
  });

  it('escapes every special character and leaves plain text as it is', () => {
    expect(escapeHtml('Ann Lee')).toBe('Ann Lee');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});
