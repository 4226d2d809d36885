import {
  answerSentence,
  enteredWords,
  lockedSentence,
  pinKey,
  tooShort,
  waitWords,
  wrongPinSentence,
} from '../../../src/renderer/roles/pin-words';

/** The PIN pad's words and key rules (the pad itself is driven in test/e2e/roles.test.ts). */

describe('the time left, in words', () => {
  test.each([
    [130, '2 minutes 10 seconds'],
    [60, '1 minute'],
    [61, '1 minute 1 second'],
    [30, '30 seconds'],
    [1, '1 second'],
    [900, '15 minutes'],
    [0.2, '1 second'],
    [0, '0 seconds'],
  ])('%s s → %s', (seconds, words) => {
    expect(waitWords(seconds)).toBe(words);
  });
});

describe('messages', () => {
  test('a wrong PIN says how many tries are left before the role locks (the 5th failure locks)', () => {
    expect(wrongPinSentence('lead', 2)).toBe('That PIN is not right. 3 tries left before the lead role is locked.');
    expect(wrongPinSentence('admin', 4)).toBe('That PIN is not right. 1 try left before the admin role is locked.');
    expect(wrongPinSentence('lead', 1)).toBe('That PIN is not right. 4 tries left before the lead role is locked.');
  });

  test('a lockout says the time left', () => {
    expect(lockedSentence(130)).toBe('Locked after too many wrong PINs. Try again in 2 minutes 10 seconds.');
    expect(lockedSentence(30)).toBe('Locked after too many wrong PINs. Try again in 30 seconds.');
  });

  test('the services’ answers become one sentence, or null when unlocked', () => {
    expect(answerSentence('lead', { ok: true })).toBeNull();
    expect(answerSentence('lead', { ok: false, code: 'WRONG', failures: 3 })).toMatch(/2 tries left before the lead role/);
    expect(answerSentence('admin', { ok: false, code: 'LOCKED', retryAfterSeconds: 60 })).toMatch(/Try again in 1 minute\.$/);
    expect(answerSentence('admin', { ok: false, code: 'NO_PIN', message: 'No admin PIN is set on this kiosk.' })).toBe('No admin PIN is set on this kiosk.');
  });

  test('a PIN too short to be one is not sent, and says why', () => {
    expect(tooShort(0)).toBe('Enter the PIN first.');
    expect(tooShort(5)).toBe('A PIN has at least 6 digits. You have entered 5.');
    expect(tooShort(6)).toBeNull();
  });

  test('the field is heard as a count, never as digits', () => {
    expect(enteredWords(0)).toBe('No digits entered');
    expect(enteredWords(1)).toBe('1 digit entered');
    expect(enteredWords(7)).toBe('7 digits entered');
  });
});

describe('keys', () => {
  test('digits add up to 12; Backspace takes one off; Clear and Delete take all', () => {
    expect(pinKey('', '4')).toEqual({ kind: 'digits', pin: '4' });
    expect(pinKey('12345678901', '2')).toEqual({ kind: 'digits', pin: '123456789012' });
    expect(pinKey('123456789012', '3')).toEqual({ kind: 'none' });
    expect(pinKey('123', 'Backspace')).toEqual({ kind: 'digits', pin: '12' });
    expect(pinKey('', 'Backspace')).toEqual({ kind: 'none' });
    expect(pinKey('123', 'Clear')).toEqual({ kind: 'digits', pin: '' });
    expect(pinKey('123', 'Delete')).toEqual({ kind: 'digits', pin: '' });
  });

  test('Enter sends, Escape cancels, letters and other keys do nothing', () => {
    expect(pinKey('123456', 'Enter')).toEqual({ kind: 'submit' });
    expect(pinKey('123456', 'Escape')).toEqual({ kind: 'cancel' });
    expect(pinKey('123', 'a')).toEqual({ kind: 'none' });
    expect(pinKey('123', 'Tab')).toEqual({ kind: 'none' });
    expect(pinKey('123', '٣')).toEqual({ kind: 'none' }); // only ASCII digits, as the hash takes them
  });
});
