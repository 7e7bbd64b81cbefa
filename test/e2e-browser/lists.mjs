/**
 * Browser journeys of the list pages: a list longer than the API's largest page shows the right
 * total and its second page, keeps its filters and page in the URL across reload and back, and
 * every list page fits a 375 px wide screen (no table wider than the screen).
 *
 * Called by run.mjs with its runner, browsers and journey data.
 */

const PHONE_NARROW = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 800 };

/** Runs `work` on every item with at most `limit` in flight. */
async function pool(items, limit, work) {
  const queue = [...items];
  const workers = Array.from({ length: limit }, async () => {
    while (queue.length) await work(queue.shift());
  });
  await Promise.all(workers);
}

async function summary(page) {
  const el = page.getByTestId('pager-summary').first();
  await el.waitFor();
  return (await el.innerText()).trim();
}

async function waitForSummary(page, expected) {
  await page.getByTestId('pager-summary').filter({ hasText: expected }).first().waitFor();
}

/** Fails when the page scrolls sideways or a table is wider than the screen (even inside a scroller). */
async function assertFitsWidth(page, label, { table }) {
  const tables = await page.evaluate(() =>
    [...document.querySelectorAll('table')].map((t) => Math.ceil(t.getBoundingClientRect().width)),
  );
  if (table && tables.length === 0) throw new Error(`${label}: no list table on the page`);
  const innerWidth = await page.evaluate(() => window.innerWidth);
  const tooWide = tables.filter((w) => w > innerWidth);
  if (tooWide.length) throw new Error(`${label}: a table ${tooWide[0]} px wide on a ${innerWidth} px screen`);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > innerWidth) {
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
    );
    throw new Error(`${label}: ${scrollWidth} px wide on a ${innerWidth} px screen (${wide.join(', ')})`);
  }
}

export async function listJourneys({
  step,
  BASE,
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  admin,
  doctor,
  deskPage,
  checkA11y,
  stamp,
  pat,
}) {
  const many = 105; // more than the largest page the API answers (100)
  const dept = { name: `Long list ${stamp}`, id: '' };

  await step(`admin seeds ${many} doctors in one department through the API`, async () => {
    const login = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    if (!login.ok) throw new Error(`admin sign-in answered ${login.status}`);
    const { accessToken } = await login.json();
    const call = async (path, body) => {
      const res = await fetch(`${BASE}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
      return res.json();
    };
    dept.id = (await call('/admin/specializations', { name: dept.name, description: 'Many doctors' })).id;
    const numbers = Array.from({ length: many }, (_, i) => String(i + 1).padStart(3, '0'));
    await pool(numbers, 4, (n) =>
      call('/admin/doctors', {
        email: `list.${n}.${stamp}@example.com`,
        password: `list-doctor-${stamp}-${n}`,
        fullName: `Dr List ${n} ${stamp}`,
        specializationId: dept.id,
      }),
    );
  });

  await step(
    `the doctors list shows all ${many} of the department, page 2 too, and keeps both in the URL`,
    async () => {
      const p = admin.page;
      await p.setViewportSize(DESKTOP);
      await p.goto(`${BASE}/admin/doctors`);
      await p.getByRole('heading', { name: 'Doctors', exact: true }).waitFor();
      await p.locator('#doc-spec').selectOption({ label: dept.name });
      await p.waitForURL((url) => url.searchParams.get('specializationId') === dept.id);
      await waitForSummary(p, `Showing 1–20 of ${many} doctors`);
      await p.getByRole('row', { name: new RegExp(`Dr List 001 ${stamp}`) }).waitFor();
      await p.getByRole('navigation', { name: 'Doctor pages' }).getByRole('link', { name: '2', exact: true }).click();
      await p.waitForURL((url) => url.searchParams.get('page') === '2');
      await waitForSummary(p, `Showing 21–40 of ${many} doctors`);
      await p.getByRole('row', { name: new RegExp(`Dr List 021 ${stamp}`) }).waitFor();
      if ((await p.getByRole('row', { name: new RegExp(`Dr List 001 ${stamp}`) }).count()) !== 0)
        throw new Error('page 2 still shows the first doctor');
      // A reload keeps the department and the page.
      await p.reload();
      await waitForSummary(p, `Showing 21–40 of ${many} doctors`);
      const selected = await p.locator('#doc-spec').evaluate((s) => s.options[s.selectedIndex]?.text);
      if (selected !== dept.name) throw new Error(`after a reload the department filter shows "${selected}"`);
      // The last page.
      await p.goto(`${BASE}/admin/doctors?specializationId=${dept.id}&page=6`);
      await waitForSummary(p, `Showing 101–105 of ${many} doctors`);
      // Back returns to page 2.
      await p.goBack();
      await waitForSummary(p, `Showing 21–40 of ${many} doctors`);
      await checkA11y(p, 'admin doctors, page 2');
    },
  );

  await step('a search on the doctors list goes to the server and lands in the URL', async () => {
    const p = admin.page;
    await p.locator('#doc-search').fill(`Dr List 10`);
    await p.waitForURL((url) => url.searchParams.get('search') === 'Dr List 10' && !url.searchParams.has('page'));
    // 100 to 105 of this department: one page, no page links.
    await waitForSummary(p, '6 doctors');
    const text = await summary(p);
    if (text !== '6 doctors') throw new Error(`unexpected summary "${text}"`);
    const rows = await p.getByRole('row', { name: new RegExp(`Dr List 10\\d ${stamp}`) }).count();
    if (rows !== 6) throw new Error(`expected 6 doctors of this run, found ${rows}`);
  });

  /** Every list page at 375 px: nothing wider than the screen, and no serious accessibility fault. */
  const pages = [
    {
      who: admin,
      url: `/admin/doctors?specializationId=${dept.id}&page=2`,
      ready: (p) => waitForSummary(p, 'Showing 21–40'),
    },
    { who: admin, url: '/admin/patients', ready: (p) => p.getByTestId('list-row').first().waitFor() },
    {
      who: admin,
      url: '/admin/appointments',
      ready: (p) => p.getByTestId('list-row').first().waitFor(),
    },
    { who: admin, url: '/admin/audit', ready: (p) => p.getByTestId('audit-row').first().waitFor() },
    {
      who: doctor,
      url: '/doctor/appointments?scope=week',
      ready: (p) => p.getByRole('heading', { name: 'Appointments' }).waitFor(),
      table: false, // a list of cards at every width
    },
    {
      who: doctor,
      url: '/doctor/patients',
      ready: (p) => p.getByRole('row', { name: new RegExp(pat.name) }).waitFor(),
    },
  ];
  if (deskPage) {
    pages.push({
      who: { page: deskPage },
      url: `/desk/patients?search=${encodeURIComponent(stamp)}`,
      ready: (p) => p.getByTestId('desk-search-count').waitFor(),
      table: false,
    });
  }
  await step(`each list page fits a ${PHONE_NARROW.width} px wide screen`, async () => {
    for (const { who, url, ready, table = true } of pages) {
      const p = who.page;
      await p.setViewportSize(PHONE_NARROW);
      try {
        await p.goto(`${BASE}${url}`);
        await ready(p);
        await p.waitForLoadState('networkidle');
        await assertFitsWidth(p, url, { table });
        await checkA11y(p, `${url} at ${PHONE_NARROW.width} px`);
      } finally {
        await p.setViewportSize(DESKTOP);
      }
    }
  });
}
