import { ReplyParser, type TorControlReply } from '../../src/control/ReplyParser';
import { parseKeywords, quoteControlString } from '../../src/control/TorControlConnection';

function parse(...chunks: string[]): TorControlReply[] {
  const replies: TorControlReply[] = [];
  const parser = new ReplyParser((r) => replies.push(r));
  for (const c of chunks) parser.push(c);
  return replies;
}

describe('ReplyParser', () => {
  it('splits single-line, mid-line and final replies, across chunk boundaries', () => {
    expect(parse('250 OK\r\n25', '0-version=0.4.9\r\n250 OK\r\n')).toEqual([
      { code: 250, lines: ['OK'] },
      { code: 250, lines: ['version=0.4.9', 'OK'] },
    ]);
  });

  it('joins data blocks and undoes dot-stuffing', () => {
    expect(parse('250+onions/current=\r\nabc\r\n..dot\r\n.\r\n250 OK\r\n')).toEqual([{ code: 250, lines: ['onions/current=\nabc\n.dot', 'OK'] }]);
  });

  it('reports error statuses and asynchronous events as replies with their code', () => {
    expect(parse('515 Authentication failed\r\n650 HS_DESC UPLOADED abc UNKNOWN $FP\r\n')).toEqual([
      { code: 515, lines: ['Authentication failed'] },
      { code: 650, lines: ['HS_DESC UPLOADED abc UNKNOWN $FP'] },
    ]);
  });
});

describe('control protocol strings', () => {
  it('parses plain and quoted keywords', () => {
    const k = parseKeywords('NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done \\"now\\""');
    expect(k.get('PROGRESS')).toBe('100');
    expect(k.get('SUMMARY')).toBe('Done "now"');
  });

  it('quotes backslashes and quotes', () => {
    expect(quoteControlString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});
