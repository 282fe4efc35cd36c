/**
 * The latency goal's phases: the raw write and REST purchases each sent open-loop at half the
 * rate the closed-loop phase before them reached, so that latency is measured where queues are
 * short, as a shop's till sees it on an ordinary day. The REST phase also measures what the
 * gateway adds: each write's latency at the client less the Fabric call's duration, which the
 * gateway reports in the answer's `Server-Timing: fabric;dur=<ms>` header.
 */
import { type RestClient, uniqueId } from '../../test/support/rest';
import type { Phase } from './phase';
import { connectRaw, putMarker } from './raw-fabric';

const FABRIC_DURATION = /fabric;dur=([\d.]+)/;

/**
 * @param sends - writes to send
 * @param perSecond - half the baseline's rate
 * @returns the phase, and the close of its Fabric connection
 */
export function halfLoadRawPhase(sends: number, perSecond: number): Phase & { close(): void } {
  const raw = connectRaw();
  return {
    phase: 'baseline at half its rate (open loop)',
    unit: 'transactions',
    parameters: { sends, perSecond: Math.round(perSecond) },
    sends,
    inFlight: sends,
    perSecond,
    send: async (index) => (await putMarker(raw.contract, uniqueId(`bench-half-marker-${index}`))) ?? 1,
    close: () => {
      raw.close();
    },
  };
}

/**
 * @param sends - purchases to send
 * @param perSecond - half the rate of REST purchases spread over merchants
 * @param merchants - the merchants they are spread over
 * @returns the phase
 */
export function halfLoadPurchasesPhase(sends: number, perSecond: number, merchants: readonly RestClient[]): Phase {
  const gatewayAddedMs: number[] = [];
  return {
    phase: 'REST purchases at half their rate (open loop)',
    unit: 'purchases',
    parameters: { sends, perSecond: Math.round(perSecond), merchants: merchants.length },
    sends,
    inFlight: sends,
    perSecond,
    gatewayAddedMs,
    send: async (index) => {
      const merchant = merchants[index % merchants.length];
      if (merchant === undefined) {
        throw new Error('a purchase phase needs a merchant');
      }
      const body = { orderId: uniqueId(`bench-half-${index}`), consumer: uniqueId(`bench-half-c${index}`), amountFen: 1_000 };
      const sent = performance.now();
      const response = await merchant.post('/v1/points/purchases', body);
      const fabricMs = Number(FABRIC_DURATION.exec(response.headers.get('server-timing') ?? '')?.[1]);
      if (response.status !== 200 || !Number.isFinite(fabricMs)) {
        return `${response.status} ${String(response.body.code)}`;
      }
      gatewayAddedMs.push(performance.now() - sent - fabricMs);
      return 1;
    },
  };
}
