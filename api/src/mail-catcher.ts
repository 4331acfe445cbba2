/**
 * The SMTP catcher of `npm start`: a real SMTP server in the process that keeps the last mails in memory, so a fresh
 * machine shows what careline would have sent (GET /api/admin/mails) without a mail server.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: number;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface MailCatcher {
  url: string;
  mails(): CaughtMail[];
  close(): Promise<void>;
}

const KEEP = 500;

export async function startMailCatcher(port = 0): Promise<MailCatcher> {
  const caught: CaughtMail[] = [];
  let next = 1;
  const server = new SMTPServer({
    authOptional: true,
    // The built-in certificate is expired; the catcher listens on loopback only, in plain SMTP.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          caught.push({
            id: next++,
            receivedAt: new Date(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          if (caught.length > KEEP) caught.splice(0, caught.length - KEEP);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    mails: () => [...caught].reverse(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
