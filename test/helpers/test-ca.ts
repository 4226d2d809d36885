import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A private certificate authority and server certificates made with the
 * `openssl` command line (as a trust's IT would), in a temp folder:
 *
 * - `ca.pem`: "Passport Test Private CA" (self-signed, CA:TRUE);
 * - `good`: for IP 127.0.0.1 and DNS localhost, signed by the CA, valid now;
 * - `wrongName`: signed by the CA, valid now, but only for feed.other-trust.example;
 * - `expired`: for 127.0.0.1/localhost, signed by the CA, valid 2020-01-01 to 2021-01-01
 *   (`openssl ca -startdate/-enddate`: OpenSSL 3.0's `x509 -req` cannot back-date);
 * - `otherCa`: a second, unrelated CA (a wrong `--ca`).
 */

const run = promisify(execFile);
const openssl = (args: string[], cwd: string) => run('openssl', args, { cwd });

export interface ServerCert {
  key: string;
  cert: string;
  certFile: string;
}

export interface TestCa {
  dir: string;
  caFile: string;
  caPem: string;
  otherCaFile: string;
  good: ServerCert;
  wrongName: ServerCert;
  expired: ServerCert;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const LOOPBACK_SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

async function makeCa(dir: string, name: string, cn: string): Promise<void> {
  await openssl(
    ['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3650', '-subj', `/O=Passport Test/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
}

async function csr(dir: string, name: string, cn: string): Promise<void> {
  await openssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
}

async function load(dir: string, name: string): Promise<ServerCert> {
  return { key: await readFile(path.join(dir, `${name}.key`), 'utf8'), cert: await readFile(path.join(dir, `${name}.pem`), 'utf8'), certFile: path.join(dir, `${name}.pem`) };
}

/** Make the CA and the three server certificates (takes well under a second with EC keys). */
export async function makeTestCa(): Promise<TestCa> {
  const dir = await mkdtemp(path.join(tmpdir(), 'test-ca-'));
  await makeCa(dir, 'ca', 'Passport Test Private CA');
  await makeCa(dir, 'other-ca', 'Some Other CA');

  // Valid now, right names: openssl x509 -req with an extensions file.
  await writeFile(path.join(dir, 'good.ext'), `${LOOPBACK_SAN}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  await csr(dir, 'good', '127.0.0.1');
  await openssl(['x509', '-req', '-in', 'good.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'good.ext', '-out', 'good.pem'], dir);

  await writeFile(path.join(dir, 'wrong.ext'), 'subjectAltName=DNS:feed.other-trust.example\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await csr(dir, 'wrong', 'feed.other-trust.example');
  await openssl(['x509', '-req', '-in', 'wrong.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'wrong.ext', '-out', 'wrong.pem'], dir);

  // Expired: `openssl ca` takes explicit start and end dates.
  await mkdir(path.join(dir, 'newcerts'));
  await writeFile(path.join(dir, 'index.txt'), '');
  await writeFile(path.join(dir, 'serial'), '1000\n');
  await writeFile(
    path.join(dir, 'ca.cnf'),
    [
      '[ ca ]', 'default_ca = test_ca',
      '[ test_ca ]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts', 'serial = $dir/serial',
      'default_md = sha256', 'policy = policy_any', 'unique_subject = no', 'copy_extensions = none',
      '[ policy_any ]', 'commonName = supplied',
      '[ server_ext ]', LOOPBACK_SAN, 'basicConstraints = CA:FALSE', 'extendedKeyUsage = serverAuth', '',
    ].join('\n'),
  );
  await csr(dir, 'expired', '127.0.0.1');
  await openssl(
    ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr', '-out', 'expired.pem',
      '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-extensions', 'server_ext', '-notext'],
    dir,
  );

  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    caPem: await readFile(path.join(dir, 'ca.pem'), 'utf8'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
    good: await load(dir, 'good'),
    wrongName: await load(dir, 'wrong'),
    expired: await load(dir, 'expired'),
  };
}
