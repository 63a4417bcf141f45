import { generate } from 'selfsigned';

/** TlsMaterial is the fleet's CA plus the one server certificate every simulated cluster presents. */
export interface TlsMaterial {
  /** PEM of the CA: goes into kubeconfigs as certificate-authority-data */
  caPem: string;
  /** PEM of the server certificate (SAN IP 127.0.0.1, DNS localhost) signed by the CA */
  certPem: string;
  /** PEM (PKCS#8) of the server certificate's private key */
  keyPem: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** createTlsMaterial generates a fresh CA and a server certificate for loopback signed by it. */
export async function createTlsMaterial(): Promise<TlsMaterial> {
  // EC P-256 + sha256: fast to generate and accepted by Go's crypto/x509 (which refuses SHA-1 signatures).
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const notAfterDate = new Date(Date.now() + 365 * DAY_MS);
  const common = { keyType: 'ec' as const, curve: 'P-256' as const, algorithm: 'sha256', notBeforeDate, notAfterDate };
  const ca = await generate([{ name: 'commonName', value: 'gitfed-sim-ca' }], {
    ...common,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    ...common,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
}
