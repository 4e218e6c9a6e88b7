import { errorCodes } from './exchange.ts';
import { judge, type ProbeCase } from './probe-case.ts';
import type { Target } from './target.ts';

/** Webhook URLs aimed inside the installation, in the spellings URL parsers accept (README, SECURITY.md). */
export const INSIDE_URLS: [string, string][] = [
  ['loopback', 'http://127.0.0.1/hook'],
  ['loopback on the gateway\'s port', 'http://127.0.0.1:4000/graphql'],
  ['loopback on Postgres\'s port', 'http://127.0.0.1:5432/'],
  ['loopback, short form 127.1', 'http://127.1/'],
  ['loopback, decimal 2130706433', 'http://2130706433/'],
  ['loopback, hex 0x7f000001', 'http://0x7f000001/'],
  ['loopback, octal 0177.0.0.1', 'http://0177.0.0.1/'],
  ['loopback, octal 017700000001', 'http://017700000001/'],
  ['loopback, 127.255.255.254', 'http://127.255.255.254/'],
  ['loopback, percent-encoded host', 'http://%31%32%37.0.0.1/'],
  ['loopback, fullwidth digits', 'http://１２７.０.０.１/'],
  ['0.0.0.0', 'http://0.0.0.0:4000/'],
  ['0 (short form of 0.0.0.0)', 'http://0/'],
  ['localhost', 'http://localhost/'],
  ['localhost. (trailing dot)', 'http://localhost./'],
  ['LOCALHOST in capitals', 'http://LOCALHOST:4001/graphql'],
  ['a name under .localhost', 'http://api.localhost/'],
  ['IPv6 loopback [::1]', 'http://[::1]/'],
  ['IPv6 unspecified [::]', 'http://[::]/'],
  ['IPv4-mapped loopback [::ffff:127.0.0.1]', 'http://[::ffff:127.0.0.1]/'],
  ['IPv4-mapped loopback in hex [::ffff:7f00:1]', 'http://[::ffff:7f00:1]/'],
  ['IPv4-compatible [::127.0.0.1]', 'http://[::127.0.0.1]/'],
  ['IPv4-mapped metadata [::ffff:169.254.169.254]', 'http://[::ffff:169.254.169.254]/'],
  ['private 10.0.0.1', 'http://10.0.0.1/'],
  ['private 10.0.0.1 as decimal 167772161', 'http://167772161/'],
  ['private 172.16.0.1', 'http://172.16.0.1/'],
  ['private 172.31.255.254', 'https://172.31.255.254/'],
  ['private 192.168.1.1', 'http://192.168.1.1/'],
  ['CGNAT 100.64.0.1', 'http://100.64.0.1/'],
  ['CGNAT 100.127.255.254', 'http://100.127.255.254/'],
  ['link-local 169.254.1.1', 'http://169.254.1.1/'],
  ['AWS/GCP metadata 169.254.169.254', 'http://169.254.169.254/latest/meta-data/'],
  ['metadata with a trailing dot 169.254.169.254.', 'http://169.254.169.254./latest/meta-data/'],
  ['metadata, decimal 2852039166', 'http://2852039166/'],
  ['Azure wire server 168.63.129.16', 'http://168.63.129.16/'],
  ['Alibaba metadata 100.100.100.200', 'http://100.100.100.200/'],
  ['Oracle metadata 192.0.0.192', 'http://192.0.0.192/'],
  ['metadata.google.internal', 'http://metadata.google.internal/computeMetadata/v1/'],
  ['metadata.google.internal. (trailing dot)', 'http://metadata.google.internal./'],
  ['AWS IPv6 metadata [fd00:ec2::254]', 'http://[fd00:ec2::254]/'],
  ['ULA [fd00::1]', 'http://[fd00::1]/'],
  ['ULA [fc00::1]', 'http://[fc00::1]/'],
  ['IPv6 link-local [fe80::1]', 'http://[fe80::1]/'],
  ['NAT64 metadata [64:ff9b::a9fe:a9fe]', 'http://[64:ff9b::a9fe:a9fe]/'],
  ['NAT64 loopback [64:ff9b::127.0.0.1]', 'http://[64:ff9b::127.0.0.1]/'],
  ['local NAT64 [64:ff9b:1::a00:1]', 'http://[64:ff9b:1::a00:1]/'],
  ['6to4 of loopback [2002:7f00:1::]', 'http://[2002:7f00:1::]/'],
  ['6to4 of metadata [2002:a9fe:a9fe::1]', 'http://[2002:a9fe:a9fe::1]/'],
  ['Teredo [2001::1]', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/'],
  ['multicast 224.0.0.1', 'http://224.0.0.1/'],
  ['broadcast 255.255.255.255', 'http://255.255.255.255/'],
  ['reserved 240.0.0.1', 'http://240.0.0.1/'],
  ['benchmarking 198.18.0.1', 'http://198.18.0.1/'],
  ['credentials before a loopback host', 'http://hooks.example.com@127.0.0.1/'],
  ['backslash trick toward loopback', 'http://127.0.0.1\\@hooks.example.com/'],
  ['file: scheme', 'file:///etc/passwd'],
  ['gopher: scheme', 'gopher://hooks.example.com:70/_x'],
  ['ftp: scheme', 'ftp://hooks.example.com/'],
  ['javascript: scheme', 'javascript:alert(1)'],
  ['data: scheme', 'data:text/plain,hello'],
  ['CR/LF header injection', 'https://hooks.example.com/hook\r\nX-Injected: 1'],
  ['a bare LF in the path', 'https://hooks.example.com/a\nb'],
  ['a tab in the host', 'https://hooks.exa\tmple.com/'],
  ['a NUL in the URL', 'https://hooks.example.com/\u0000'],
  ['a 5,000-character URL', `https://hooks.example.com/${'a'.repeat(5000)}`],
];

/**
 * Bakery A's ADMIN aims its webhook inside the installation: every such URL is BAD_USER_INPUT
 * naming webhookUrl, and the stored webhook stays what it was. A public URL is the positive control.
 */
export function ssrfCases(target: Target): ProbeCase[] {
  const admin = target.a.tokens.ADMIN;
  const mutation = 'mutation ($url: String) { updatePlanningSettings(input: { webhookUrl: $url }) { webhookUrl } }';
  const stored = async () => (await target.gql('{ planningSettings { webhookUrl } }', undefined, admin)).json?.data?.planningSettings?.webhookUrl;
  const refused = INSIDE_URLS.map<ProbeCase>(([what, url]) => ({
    area: 'ssrf',
    what: `webhook: ${what} ${JSON.stringify(url)}`,
    expected: 'BAD_USER_INPUT naming webhookUrl, unchanged',
    async run() {
      const before = await stored();
      const exchange = await target.gql(mutation, { url }, admin);
      const after = await stored();
      if (after !== before) return judge(exchange, false, `stored ${JSON.stringify(after)}`);
      const error = exchange.json?.errors?.[0];
      const named = JSON.stringify(error ?? {}).includes('webhookUrl');
      return judge(exchange, errorCodes(exchange).includes('BAD_USER_INPUT') && named && !exchange.json?.data?.updatePlanningSettings);
    },
  }));
  const control = (what: string, url: string | null, expectStored: string | null | ((stored: string) => boolean)): ProbeCase => ({
    area: 'ssrf',
    what,
    expected: url === null ? 'removed' : 'accepted (positive control)',
    async run() {
      const exchange = await target.gql(mutation, { url }, admin);
      const after = await stored();
      const ok = typeof expectStored === 'function' ? typeof after === 'string' && expectStored(after) : after === expectStored;
      return judge(exchange, ok && errorCodes(exchange).length === 0, `stored ${JSON.stringify(after)}`);
    },
  });
  return [
    control('webhook: a public https URL', 'https://hooks.example.com/levain', (url) => url.startsWith('https://hooks.example.com/levain')),
    ...refused,
    control('webhook: null removes it', null, null),
  ];
}
