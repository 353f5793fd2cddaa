/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port: every message a node
 * hands over is kept, parsed by `mailparser`. `refuse` makes it answer the next n messages
 * with a temporary failure (451), as a mail server having trouble would; `stop` and `start`
 * take it down and back, as a mail server that is away for a while.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port.js';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Each header as sent (unfolded), by lower-case name: mailparser folds List-* headers into one object. */
  header(name: string): string | undefined;
  messageId: string;
}

function rawHeaders(parsed: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) headers.set(key.toLowerCase(), line.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim());
  return headers;
}

export interface SmtpReceiver {
  url: string;
  messages: ReceivedMail[];
  /** Refuses the next `n` messages (451), then accepts again. */
  refuse(n: number): void;
  /** How many messages were refused so far. */
  refused(): number;
  waitFor(done: (messages: ReceivedMail[]) => boolean, timeoutMs: number, what: string): Promise<ReceivedMail[]>;
  /** Takes the server down (connections refused), keeping what it received; `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  let toRefuse = 0;
  let refusedSoFar = 0;
  const newServer = () => new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust.
    disabledCommands: ['STARTTLS'],
    // Stopped, it drops the connections a client keeps open (a pooled one does) at once.
    closeTimeout: 100,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (toRefuse > 0) {
          toRefuse--;
          refusedSoFar++;
          const error: Error & { responseCode?: number } = new Error('Try again later');
          error.responseCode = 451;
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            const raw = rawHeaders(parsed);
            messages.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(', '),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              header: (name) => raw.get(name.toLowerCase()),
              messageId: parsed.messageId ?? '',
            });
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  const port = await freePort();
  const listen = async () => {
    const started = newServer();
    await new Promise<void>((resolve, reject) => {
      started.once('error', reject);
      started.listen(port, '127.0.0.1', () => resolve());
    });
    return started;
  };
  let server = await listen();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse(n) {
      toRefuse = n;
    },
    refused: () => refusedSoFar,
    async waitFor(done, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!done(messages)) {
        if (Date.now() > deadline) {
          throw new Error(`SMTP receiver: ${what} not received within ${timeoutMs} ms; got ${messages.length}: ${messages.map((m) => `${m.to} “${m.subject}”`).join('; ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = await listen();
    },
  };
}
