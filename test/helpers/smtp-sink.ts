import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface SmtpSinkOptions {
  /**
   * Called once a message is parsed, before the server answers "250 accepted" (which it does when this returns):
   * a test can stop or kill the sender here, so that the acceptance reaches nobody.
   */
  beforeAccept?: (mail: ParsedMail, session: SMTPServerSession) => void;
}

/**
 * A real SMTP server for tests (smtp-server), every message parsed with mailparser. `stop()` takes it off the air
 * (connections are refused) and `start()` brings it back on the same port, as a mail server that is down and back.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}) {
  const mails: ParsedMail[] = [];
  /** Addresses the server refuses at RCPT TO (550), as a mailbox it does not know. */
  const refused = new Set<string>();
  const create = () =>
    new SMTPServer({
      authOptional: true,
      // smtp-server's built-in certificate has expired: plain SMTP on loopback.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!refused.has(address.address.toLowerCase())) return callback();
        callback(Object.assign(new Error(`mailbox unavailable: ${address.address}`), { responseCode: 550 }));
      },
      onData(stream, session, callback) {
        simpleParser(stream).then((mail) => {
          options.beforeAccept?.(mail, session);
          mails.push(mail);
          callback();
        }, callback);
      },
    });
  let server: SMTPServer | null = create();
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const stop = async () => {
    const running = server;
    server = null;
    if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refused,
    waitFor: async (match: (mail: ParsedMail) => boolean, timeoutMs = 15_000): Promise<ParsedMail> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = mails.find(match);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no matching mail within ${timeoutMs} ms; got: ${mails.map((mail) => mail.subject).join(' | ')}`);
    },
    stop,
    start: async () => {
      if (server) return;
      const next = create();
      await new Promise<void>((resolve, reject) => {
        next.server.once('error', reject);
        next.listen(port, '127.0.0.1', () => resolve());
      });
      server = next;
    },
    close: stop,
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
