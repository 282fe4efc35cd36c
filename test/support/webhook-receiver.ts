/**
 * A retailer's webhook receiver on 127.0.0.1 (a free port): it checks each delivery's signature
 * the way docs/events.md tells receivers to, independently of the gateway's code, and keeps what
 * it got. Its answer can be changed while it runs (to fail, or to answer slowly).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as the receiver got it. */
export interface ReceivedDelivery {
  readonly eventId: string;
  readonly name: string;
  readonly attempt: number;
  readonly body: Record<string, unknown>;
  /** The signature verified with the secret, within five minutes of its time. */
  readonly signatureValid: boolean;
}

/** A running receiver. */
export class WebhookReceiver {
  readonly deliveries: ReceivedDelivery[] = [];
  /** The status answered to the next deliveries. */
  status = 200;
  /** How long the receiver waits before answering. */
  delayMs = 0;
  /** The subscription's secret, once known (the gateway answers it at creation). */
  secret = '';

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/hook'): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${String((server.address() as AddressInfo).port)}${path}`);
    server.on('request', (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        receiver.record(req, Buffer.concat(chunks).toString('utf8'));
        const status = receiver.status;
        setTimeout(() => res.writeHead(status).end(), receiver.delayMs);
      });
    });
    return receiver;
  }

  /** The distinct event ids received, in the order they first came. */
  distinctIds(): string[] {
    return [...new Set(this.deliveries.map((delivery) => delivery.eventId))];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private record(req: IncomingMessage, body: string): void {
    this.deliveries.push({
      eventId: String(req.headers['loulan-event-id']),
      name: String(req.headers['loulan-event-type']),
      attempt: Number(req.headers['loulan-delivery-attempt']),
      body: JSON.parse(body) as Record<string, unknown>,
      signatureValid: this.verify(String(req.headers['loulan-signature']), body),
    });
  }

  /** `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as docs/events.md specifies it. */
  private verify(header: string, body: string): boolean {
    const fields = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string | undefined]));
    const time = Number(fields.get('t'));
    const given = Buffer.from(fields.get('v1') ?? '', 'hex');
    const expected = createHmac('sha256', this.secret)
      .update(`${String(time)}.${body}`)
      .digest();
    return Math.abs(Date.now() / 1000 - time) <= 300 && given.length === expected.length && timingSafeEqual(given, expected);
  }
}
