/**
 * How careline sends a text message. One interface, three implementations chosen by configuration (SMS_MODE):
 * `log` (default, development and demos: the log line is the message), `mail` (a mail-to-SMS gateway address,
 * SMS_MAIL_TO with `{phone}` in it, through the workers' SMTP transport), `http` (a generic JSON POST
 * `{ to, text, dedupeKey }` to SMS_URL; any 2xx is accepted). The dedupe key goes to the gateway too, so one that
 * deduplicates drops the copy a crash between its acceptance and our record may cause.
 */
import type { MailTransport } from '../notifications/deliver-notification.command';

export interface SmsMessage {
  /** The mobile number, in full. */
  to: string;
  text: string;
  /** The same on every attempt at the same message. */
  dedupeKey: string;
}

export interface SmsSender {
  readonly channel: 'log' | 'mail' | 'http';
  send(message: SmsMessage): Promise<void>;
}

/** Writes the message to the log (the sms_messages row records it as sent). */
export function logSmsSender(log: (entry: { to: string; text: string; dedupeKey: string }, message: string) => void): SmsSender {
  return {
    channel: 'log',
    send: async (message) => {
      log({ to: message.to, text: message.text, dedupeKey: message.dedupeKey }, 'sms (SMS_MODE=log: not sent to a gateway)');
    },
  };
}

/** Mails the message to a mail-to-SMS gateway address (`{phone}` in `addressTemplate` becomes the number). */
export function mailSmsSender(transport: MailTransport, options: { from: string; addressTemplate: string }): SmsSender {
  return {
    channel: 'mail',
    send: async (message) => {
      await transport.sendMail({
        from: options.from,
        to: options.addressTemplate.replace('{phone}', message.to),
        subject: 'SMS',
        text: message.text,
        headers: { 'X-Careline-Sms': message.dedupeKey },
      });
    },
  };
}

/** POSTs `{ to, text, dedupeKey }` as JSON to a gateway; a non-2xx answer or no answer within 15 s is a failure. */
export function httpSmsSender(options: { url: string; timeoutMs?: number }): SmsSender {
  return {
    channel: 'http',
    send: async (message) => {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': message.dedupeKey },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
  };
}

/** The sender SMS_MODE names. */
export function createSmsSender(options: {
  mode: 'log' | 'mail' | 'http';
  url?: string;
  mailTo: string;
  mailFrom: string;
  transport: MailTransport;
  log: (entry: { to: string; text: string; dedupeKey: string }, message: string) => void;
}): SmsSender {
  switch (options.mode) {
    case 'log':
      return logSmsSender(options.log);
    case 'mail':
      return mailSmsSender(options.transport, { from: options.mailFrom, addressTemplate: options.mailTo });
    case 'http':
      if (!options.url) throw new Error('SMS_MODE=http needs SMS_URL');
      return httpSmsSender({ url: options.url });
  }
}
