import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Content-Language of the message: fr, ja or en. */
  language: string;
  /** The List-Unsubscribe target (RFC 2369). */
  unsubscribe: string;
}

/** Mail through the SMTP server of `SMTP_URL` (nodemailer); one connection pool per instance. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    // nodemailer reads its options from the URL's query when given a URL.
    const url = new URL(smtpUrl);
    url.searchParams.set('pool', 'true');
    url.searchParams.set('maxConnections', '2');
    this.transport = nodemailer.createTransport(url.toString());
  }

  /** Hands the message to the SMTP server; throws when it is refused or unreachable (the job retries). */
  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Content-Language': mail.language },
      list: { unsubscribe: mail.unsubscribe },
    });
  }

  close(): void {
    this.transport.close();
  }
}
