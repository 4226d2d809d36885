import { outboxWords } from '../../../src/renderer/components/outbox-words';

/** The status bar's outbox sentence (upstream.md; issue 9's example, word for word). */

const NOW = '2026-11-24T10:00:00.000Z';
const failed = { at: '2026-11-24T09:14:00.000Z', ok: false, reason: 'no network' };

test('waiting after a failed try: the issue\'s sentence', () => {
  expect(outboxWords({ pending: 12, rejected: 0, oldest: '2026-11-24T08:00:00Z', lastTry: failed }, NOW)).toEqual({
    text: '12 records waiting to send — last try 09:14 failed: no network',
    attention: true,
  });
});

test('all sent is calm; refused records ask for IT; another day shows the date', () => {
  expect(outboxWords({ pending: 0, rejected: 0, oldest: null, lastTry: { at: '2026-11-24T09:59:00Z', ok: true, reason: null } }, NOW)).toEqual({
    text: 'all sent (last 09:59)',
    attention: false,
  });
  expect(outboxWords({ pending: 0, rejected: 0, oldest: null, lastTry: null }, NOW)).toEqual({ text: 'all sent', attention: false });
  expect(outboxWords({ pending: 0, rejected: 3, oldest: '2026-11-24T08:00:00Z', lastTry: { at: NOW, ok: true, reason: null } }, NOW)).toEqual({
    text: '3 records refused by the trust — call IT',
    attention: true,
  });
  expect(outboxWords({ pending: 1, rejected: 1, oldest: '2026-11-22T08:00:00Z', lastTry: { ...failed, at: '2026-11-22T18:30:00Z' } }, NOW).text).toBe(
    '1 record waiting to send; 1 record refused by the trust — call IT — last try 22 Nov 2026, 18:30 failed: no network',
  );
  expect(outboxWords({ pending: 2, rejected: 0, oldest: NOW, lastTry: null }, NOW)).toEqual({ text: '2 records waiting to send', attention: true });
});
