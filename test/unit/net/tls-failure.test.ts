import { describeTlsFailure, findTlsVerifyError, type CertSummary } from '../../../src/main/net/tls-failure';

/** The one-line messages for refused certificates, from the error codes Node reports (no network here: the integration tests make real ones). */

const cert: CertSummary = {
  subject: 'CN=feed.nhs.example',
  issuer: 'O=Trust, CN=Trust Private CA',
  validFrom: 'Jan  1 00:00:00 2020 GMT',
  validTo: 'Jan  1 00:00:00 2021 GMT',
  altNames: 'DNS:feed.nhs.example',
};
const err = (code: string) => Object.assign(new Error(code.toLowerCase()), { code });
const url = new URL('https://hub.nhs.example:8443/feed/manifest.jws');

test('the verification error is found however deep undici wraps it, and only a certificate error is', () => {
  const inner = err('CERT_HAS_EXPIRED');
  const wrapped = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('secure proxy connection failed'), { code: 'UND_ERR_PRX_TLS', cause: inner }) });
  expect(findTlsVerifyError(wrapped)).toBe(inner);
  expect(findTlsVerifyError(Object.assign(new TypeError('fetch failed'), { cause: err('ECONNREFUSED') }))).toBeNull();
  expect(findTlsVerifyError(undefined)).toBeNull();
});

test.each([
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /unknown issuer, UNABLE_TO_VERIFY_LEAF_SIGNATURE\): .*--ca FILE, or "ca" in the machine config$/],
  ['SELF_SIGNED_CERT_IN_CHAIN', /unknown issuer, SELF_SIGNED_CERT_IN_CHAIN\)/],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /unknown issuer, UNABLE_TO_GET_ISSUER_CERT_LOCALLY\)/],
  ['CERT_HAS_EXPIRED', /expired on Jan {2}1 00:00:00 2021 GMT \(CERT_HAS_EXPIRED\): the server's certificate must be renewed/],
  ['CERT_NOT_YET_VALID', /is not valid yet \(from Jan {2}1 00:00:00 2020 GMT\) \(CERT_NOT_YET_VALID\): check this machine's date and time$/],
  ['ERR_TLS_CERT_ALTNAME_INVALID', /is for DNS:feed\.nhs\.example, not hub\.nhs\.example \(wrong host name, ERR_TLS_CERT_ALTNAME_INVALID\)/],
])('%s: one line naming the host, the certificate and its issuer', (code, why) => {
  const line = describeTlsFailure(url, err(code), cert);
  expect(line).toMatch(/^the TLS certificate of hub\.nhs\.example:8443 \("CN=feed\.nhs\.example", issued by "O=Trust, CN=Trust Private CA"\) /);
  expect(line).toMatch(why);
  expect(line).not.toMatch(/\n/);
});

test('without the certificate (the probe failed) the message still says why; with an extra CA given, it says so', () => {
  expect(describeTlsFailure(url, err('CERT_HAS_EXPIRED'), null)).toBe(
    "the TLS certificate of hub.nhs.example:8443 expired (CERT_HAS_EXPIRED): the server's certificate must be renewed (check this machine's clock too)",
  );
  expect(describeTlsFailure(url, err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), cert, true)).toContain('trusts, the extra CA certificates given included (unknown issuer');
});
