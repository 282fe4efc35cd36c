import { SseParser } from '../../src/pages/view/sse';

describe('SSE parser', () => {
  it('dispatches events split across chunks, with ids, names and multi-line data', () => {
    const parser = new SseParser();

    expect(parser.push('retry: 2000\n\nid: 7-0\nevent: Rec')).toEqual([]);
    const events = parser.push('ordPurchase\ndata: {"a":\ndata: 1}\n\n: heartbeat\n\n');

    expect(events).toEqual([{ id: '7-0', event: 'RecordPurchase', data: '{"a":\n1}' }]);
    expect(parser.lastEventId).toBe('7-0');
    expect(parser.retry).toBe(2000);
  });

  it('accepts CRLF and CR line ends, also when a CRLF is split between chunks', () => {
    const parser = new SseParser();

    expect(parser.push('data: x\r')).toEqual([]);
    expect(parser.push('\n\r\ndata: y\r\r')).toEqual([{ id: '', event: 'message', data: 'x' }]);
    // The last \r may be the first half of \r\n: the next chunk shows it ended the event.
    expect(parser.push(': next')).toEqual([{ id: '', event: 'message', data: 'y' }]);
  });

  it('ignores comments, blocks without data and unknown fields', () => {
    const parser = new SseParser();

    expect(parser.push(': only a comment\n\nevent: Mint\n\nfoo: bar\nretry: soon\n\n')).toEqual([]);
    expect(parser.retry).toBeNull();
  });
});
