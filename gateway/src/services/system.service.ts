import type { CallOptions, FabricGateway } from '../fabric/gateway';

/** Typed wrapper of the chaincode's "system" contract. */
export class SystemService {
  constructor(private readonly fabric: FabricGateway) {}

  /**
   * Calls `system:Ping`, proving that the peer, the channel and the chaincode all answer.
   *
   * @returns the chaincode's reply, parsed as JSON when it is JSON, else as text: the reply's shape
   *   belongs to the chaincode and is only echoed back for operators.
   */
  async ping(options?: CallOptions): Promise<unknown> {
    const text = Buffer.from(await this.fabric.evaluate('system', 'Ping', [], options)).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
}
