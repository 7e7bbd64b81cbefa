import { SMTPServer } from 'smtp-server';

/** The parts of a received message the suites look at (parsed with mailparser). */
export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments: { filename?: string; contentType: string; content: Buffer }[];
}

interface ParsedMail {
  subject?: string;
  text?: string;
  html?: string | false;
  messageId?: string;
  attachments: { filename?: string; contentType: string; content: Buffer }[];
}

// mailparser ships without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { simpleParser } = require('mailparser') as { simpleParser(source: Buffer): Promise<ParsedMail> };

export interface TestSmtp {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Messages refused with a temporary failure (see `rejectFirst`). */
  rejected: number;
  /** Refuse the next n messages with `451` (a transient failure the sender must retry). */
  rejectNext(n: number): void;
  /** Holds the next message's answer until `release()`; `arrived` resolves once the message is in. */
  holdNext(): { arrived: Promise<void>; release(): void };
  /** Messages to one address. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server in the test process: port 0, no auth, no STARTTLS. */
export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let toReject = 0;
  const state = { rejected: 0 };
  let hold: { arrive: () => void; released: Promise<void> } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const held = hold;
        if (held) {
          hold = null;
          held.arrive();
          await held.released;
        }
        if (toReject > 0) {
          toReject -= 1;
          state.rejected += 1;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              to,
              raw: raw.toString('utf8'),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              attachments: parsed.attachments,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get rejected() {
      return state.rejected;
    },
    rejectNext(n: number) {
      toReject = n;
    },
    holdNext() {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      hold = { arrive, released };
      return { arrived, release };
    },
    to(address: string) {
      return received.filter((m) => m.to.includes(address.toLowerCase()));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
