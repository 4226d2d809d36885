import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HubKeyError, readHubKeyFile } from '../../../src/main/sync/hub-keys';

const dir = mkdtempSync(path.join(tmpdir(), 'hubkeys-'));
const X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const put = (name: string, data: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data));
  return f;
};

test('a single JWK with kid, or a JWK Set, pins every key', () => {
  expect(readHubKeyFile(put('one.jwk', { kty: 'OKP', crv: 'Ed25519', x: X, kid: 'hub-1', use: 'sig' }))).toEqual([
    { kty: 'OKP', crv: 'Ed25519', x: X, kid: 'hub-1' },
  ]);
  const set = readHubKeyFile(put('set.jwks', { keys: [{ kty: 'OKP', crv: 'Ed25519', x: X, kid: 'a' }, { kty: 'OKP', crv: 'Ed25519', x: X, kid: 'b' }] }));
  expect(set.map((k) => k.kid)).toEqual(['a', 'b']);
});

test.each([
  ['no kid', { kty: 'OKP', crv: 'Ed25519', x: X }, /kid/],
  ['a private key', { kty: 'OKP', crv: 'Ed25519', x: X, d: X, kid: 'k' }, /\bd\b.*must not be present/],
  ['an RSA key', { kty: 'RSA', n: 'x', e: 'AQAB', kid: 'k' }, /kty/],
  ['an empty set', { keys: [] }, /keys/],
  ['not JSON', '{nope', /is not JSON/],
])('%s is refused with a message naming the file', (_name, data, message) => {
  const f = put(`bad-${_name.replace(/\W/g, '')}`, data);
  expect(() => readHubKeyFile(f)).toThrow(HubKeyError);
  expect(() => readHubKeyFile(f)).toThrow(message);
  expect(() => readHubKeyFile(f)).toThrow(f);
});

test('a missing file is refused', () => {
  expect(() => readHubKeyFile(path.join(dir, 'absent'))).toThrow(/cannot be read \(ENOENT\)/);
});
