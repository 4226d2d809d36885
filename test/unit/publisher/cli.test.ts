import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/passport-feed';
import { TrustIndex, verifyManifestJws, verifyRecordJws, verifyTokenJws } from '../../../src/core/jws';
import { readImageFile } from '../../../src/main/barcode/image-file';
import { decodeRgba } from '../../../src/shared/barcode/decode';
import { fixtureRecord } from '../../helpers/feed-fixture';
import { captureIo } from '../../helpers/capture-io';

const NOW = Date.parse('2026-11-24T09:00:00Z');

async function run(cwd: string, ...argv: string[]) {
  const { io, out, err } = captureIo({ cwd, now: () => NOW });
  const code = await main(argv, io);
  return { code, out: out(), err: err() };
}

async function tmp(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'feed-cli-'));
}

function trustFor(pub: { kid: string; x: string }, iss = 'RXL') {
  return {
    v: 1,
    issuers: [{ iss, name: 'Blackpool Teaching Hospitals NHS Foundation Trust', keys: [{ kid: pub.kid, jwk: { kty: 'OKP', crv: 'Ed25519', x: pub.x }, from: '2020-01-01T00:00:00Z', to: null, status: 'active' }] }],
  };
}

describe('passport-feed CLI', () => {
  it('keygen → sign → publish → token: everything verifies with the core checks', async () => {
    const dir = await tmp();
    expect((await run(dir, 'keygen', '--kid', 'rxl-2026-1', '--out', 'issuer.json', '--public-out', 'issuer.pub.json')).code).toBe(0);
    expect((await run(dir, 'keygen', '--kid', 'hub-1', '--out', 'hub.json', '--public-out', 'hub.pub.json')).code).toBe(0);
    expect((await stat(path.join(dir, 'issuer.json'))).mode & 0o777).toBe(0o600);
    const issuerPub = JSON.parse(await readFile(path.join(dir, 'issuer.pub.json'), 'utf8'));
    const hubPub = JSON.parse(await readFile(path.join(dir, 'hub.pub.json'), 'utf8'));
    expect(issuerPub.d).toBeUndefined();
    await writeFile(path.join(dir, 'trust.json'), JSON.stringify(trustFor(issuerPub)));
    await writeFile(path.join(dir, 'records.jsonl'), `${JSON.stringify(fixtureRecord(1))}\n\n${JSON.stringify(fixtureRecord(2))}\n`);

    const signed = await run(dir, 'sign', '--key', 'issuer.json', '--in', 'records.jsonl', '--out', 'signed.jsonl', '--json');
    expect(signed).toMatchObject({ code: 0 });
    expect(JSON.parse(signed.out)).toMatchObject({ signed: 2 });
    const lines = (await readFile(path.join(dir, 'signed.jsonl'), 'utf8')).trim().split('\n');
    const index = new TrustIndex(trustFor(issuerPub) as never);
    for (const line of lines) expect((await verifyRecordJws(line, index)).ok).toBe(true);

    const pub = await run(dir, 'publish', '--feed', 'feed', '--feed-id', 'nw', '--hub-key', 'hub.json', '--trust', 'trust.json', '--in', 'signed.jsonl', '--json');
    expect(pub.code).toBe(0);
    expect(JSON.parse(pub.out)).toMatchObject({ seq: 1, snapshot: 1, records: 2, expires: '2026-11-25T09:00:00Z' });
    const again = await run(dir, 'publish', '--feed', 'feed', '--feed-id', 'nw', '--hub-key', 'hub.json', '--trust', 'trust.json', '--valid-hours', '48', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ seq: 2, snapshot: 1, log: [2], expires: '2026-11-26T09:00:00Z' });
    const manifest = await verifyManifestJws(await readFile(path.join(dir, 'feed', 'manifest.jws'), 'utf8'), [hubPub]);
    expect(manifest.ok && manifest.manifest.seq).toBe(2);

    const tok = await run(dir, 'token', '--key', 'issuer.json', '--pid', 'RXL-0001', '--iss', 'RXL', '--rev', '1', '--valid-days', '30', '--png', 'token.png');
    expect(tok.code).toBe(0);
    const token = tok.out.trim();
    const check = await verifyTokenJws(token, index, NOW);
    expect(check.ok && check.token).toMatchObject({ pid: 'RXL-0001', rev: 1, iat: NOW / 1000, exp: NOW / 1000 + 30 * 86400 });
    const decoded = decodeRgba(await readImageFile(path.join(dir, 'token.png')));
    expect(decoded?.text).toBe(token);
  });

  it('exits 2 for a missing key file, naming it', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'records.jsonl'), `${JSON.stringify(fixtureRecord(1))}\n`);
    const r = await run(dir, 'sign', '--key', 'nope.json', '--in', 'records.jsonl', '--out', 'o.jsonl');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.json cannot be read \(ENOENT\)/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for a key file that holds a public key only', async () => {
    const dir = await tmp();
    await run(dir, 'keygen', '--kid', 'k', '--out', 'k.json', '--public-out', 'k.pub.json');
    const r = await run(dir, 'token', '--key', 'k.pub.json', '--pid', 'X-1', '--iss', 'RXL', '--rev', '1', '--valid-days', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/k\.pub\.json.*private Ed25519 JWK.*\bd\b/);
  });

  it('exits 2 for a bad record line, naming the line and the field, and writes nothing', async () => {
    const dir = await tmp();
    await run(dir, 'keygen', '--kid', 'k', '--out', 'k.json');
    const bad = { ...fixtureRecord(2), status: 'retired' };
    await writeFile(path.join(dir, 'records.jsonl'), `${JSON.stringify(fixtureRecord(1))}\n${JSON.stringify(bad)}\n`);
    const r = await run(dir, 'sign', '--key', 'k.json', '--in', 'records.jsonl', '--out', 'o.jsonl');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/records\.jsonl line 2: .*status/);
    await expect(stat(path.join(dir, 'o.jsonl'))).rejects.toThrow();
    await writeFile(path.join(dir, 'records.jsonl'), '{"v":1,\n');
    expect((await run(dir, 'sign', '--key', 'k.json', '--in', 'records.jsonl', '--out', 'o.jsonl')).err).toMatch(/line 1: not valid JSON/);
  });

  it('refuses to overwrite a key, and publishing into another feed (exit 1)', async () => {
    const dir = await tmp();
    expect((await run(dir, 'keygen', '--kid', 'hub-1', '--out', 'hub.json', '--public-out', 'hub.pub.json')).code).toBe(0);
    const again = await run(dir, 'keygen', '--kid', 'hub-1', '--out', 'hub.json');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists/);
    const pub = JSON.parse(await readFile(path.join(dir, 'hub.pub.json'), 'utf8'));
    await writeFile(path.join(dir, 'trust.json'), JSON.stringify(trustFor({ ...pub, kid: 'rxl-1' })));
    expect((await run(dir, 'publish', '--feed', 'f', '--feed-id', 'a', '--hub-key', 'hub.json', '--trust', 'trust.json')).code).toBe(0);
    const other = await run(dir, 'publish', '--feed', 'f', '--feed-id', 'b', '--hub-key', 'hub.json', '--trust', 'trust.json');
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/is feed "a", not "b"/);
  });

  it('exits 2 for unknown flags, missing flags, an invalid trust list and a line that is not a JWS', async () => {
    const dir = await tmp();
    await run(dir, 'keygen', '--kid', 'hub-1', '--out', 'hub.json');
    expect((await run(dir, 'keygen', '--kid', 'x', '--out', 'y.json', '--colour', 'red')).code).toBe(2);
    expect((await run(dir, 'keygen', '--out', 'y.json')).err).toMatch(/--kid is required/);
    await writeFile(path.join(dir, 'trust.json'), JSON.stringify({ v: 1, issuers: [{ iss: 'rxl' }] }));
    const t = await run(dir, 'publish', '--feed', 'f', '--feed-id', 'a', '--hub-key', 'hub.json', '--trust', 'trust.json');
    expect(t.code).toBe(2);
    expect(t.err).toMatch(/trust\.json.*issuers\.0/);
    await writeFile(path.join(dir, 'trust.json'), JSON.stringify({ v: 1, issuers: [] }));
    await writeFile(path.join(dir, 'in.jsonl'), 'not a jws\n');
    const j = await run(dir, 'publish', '--feed', 'f', '--feed-id', 'a', '--hub-key', 'hub.json', '--trust', 'trust.json', '--in', 'in.jsonl');
    expect(j).toMatchObject({ code: 2 });
    expect(j.err).toMatch(/in\.jsonl line 1: not a compact JWS/);
    expect((await run(dir, 'demo', '--out', 'd', '--count', '5')).code).toBe(2);
  });

  it('lists every subcommand in --help', async () => {
    const r = await run(await tmp(), '--help');
    for (const name of ['keygen', 'sign', 'publish', 'token', 'demo']) expect(r.out).toContain(name);
  });
});
