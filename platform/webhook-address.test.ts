import { describe, expect, test } from 'vitest';
import { allowListEntryProblem, createWebhookPolicy, type HostResolver } from './webhook-address.ts';

const publicOnly = createWebhookPolicy();

describe('urlProblem (settings time, no DNS)', () => {
  test.each([
    'https://hooks.example.com/levain',
    'http://example.com:8080/hook?bakery=1',
    'http://8.8.8.8/hook',
    'http://[2606:4700::1111]/hook',
    'http://169.255.0.1/',
    'http://172.32.0.1/', // just past 172.16/12
    'http://100.128.0.1/', // just past CGNAT
  ])('accepts %s', (url) => {
    expect(publicOnly.urlProblem(url)).toBeUndefined();
  });

  test.each([
    ['not a URL', 'hooks.example.com/levain', /absolute/],
    ['ftp', 'ftp://example.com/hook', /http or https/],
    ['javascript', 'javascript:alert(1)', /http or https/],
    ['file', 'file:///etc/passwd', /http or https/],
    ['credentials', 'https://user:secret@example.com/', /user name or password/],
    // Issue 12, finding 5: every spelling of the service's own host.
    ['loopback', 'http://127.0.0.1:4004/graphql', /public internet/],
    ['short loopback', 'http://127.1/', /public internet/],
    ['decimal loopback', 'http://2130706433/', /public internet/],
    ['hex loopback', 'http://0x7f.1/', /public internet/],
    ['localhost', 'http://localhost:4000/', /names this host/],
    ['localhost with a trailing dot', 'http://localhost./', /names this host/],
    ['a .localhost name', 'http://api.localhost/', /names this host/],
    ['IPv6 loopback', 'http://[::1]/', /public internet/],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/', /public internet/],
    ['IPv4-mapped public address', 'http://[::ffff:8.8.8.8]/', /public internet/],
    ['10/8', 'http://10.1.2.3/hook', /public internet/],
    ['172.16/12', 'http://172.31.255.1/', /public internet/],
    ['192.168/16', 'http://192.168.1.1/', /public internet/],
    ['CGNAT', 'http://100.64.0.1/', /public internet/],
    ['ULA', 'http://[fd00::1]/', /public internet/],
    ['NAT64 of metadata', 'http://[64:ff9b::a9fe:a9fe]/', /public internet/],
    ['6to4', 'http://[2002:7f00:1::1]/', /public internet/],
    ['unspecified v4', 'http://0.0.0.0:4004/', /public internet/],
    ['unspecified v6', 'http://[::]/', /public internet/],
    ['multicast v4', 'http://224.0.0.1/', /public internet/],
    ['multicast v6', 'http://[ff02::1]/', /public internet/],
    ['AWS metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', /metadata/],
    ['decimal metadata', 'http://2852039166/', /metadata/],
    ['octal metadata', 'http://0251.0376.0251.0376/', /metadata/],
    ['IPv4-mapped metadata in hex', 'http://[::ffff:a9fe:a9fe]/', /metadata/],
    ['Azure wire server', 'http://168.63.129.16/', /metadata/],
    ['AWS metadata v6', 'http://[fd00:ec2::254]/', /metadata/],
    ['link-local v6', 'http://[fe80::1]/', /metadata/],
    ['GCP metadata name', 'http://metadata.google.internal./computeMetadata/v1/', /metadata/],
    ['GCP metadata name in capitals', 'http://METADATA.GOOGLE.INTERNAL/', /metadata/],
    ['Alibaba metadata', 'http://100.100.100.200/latest/meta-data/', /metadata/],
  ])('refuses %s', (_name, url, problem) => {
    expect(publicOnly.urlProblem(url)).toMatch(problem);
  });
});

describe('WEBHOOK_ALLOWED_HOSTS', () => {
  const selfHosted = createWebhookPolicy(['127.0.0.1/32', 'receiver.internal', '10.20.0.0/16', 'localhost', '169.254.0.0/16']);

  test('opens exactly the named hosts and ranges', () => {
    expect(selfHosted.urlProblem('http://127.0.0.1:9000/hook')).toBeUndefined();
    expect(selfHosted.urlProblem('http://127.1:9000/hook')).toBeUndefined();
    expect(selfHosted.urlProblem('http://localhost./hook')).toBeUndefined();
    expect(selfHosted.urlProblem('http://10.20.3.4/hook')).toBeUndefined();
    expect(selfHosted.urlProblem('http://127.0.0.2/hook')).toMatch(/public internet/);
    expect(selfHosted.urlProblem('http://10.21.0.1/hook')).toMatch(/public internet/);
    expect(selfHosted.urlProblem('http://[::1]/hook')).toMatch(/public internet/);
  });

  test('never opens link-local or metadata addresses', () => {
    expect(selfHosted.urlProblem('http://169.254.169.254/')).toMatch(/metadata/);
    expect(selfHosted.urlProblem('http://168.63.129.16/')).toMatch(/metadata/);
  });

  test.each([
    ['hooks.internal', undefined],
    ['10.0.0.0/8', undefined],
    ['fd12::/16', undefined],
    ['127.0.0.1', undefined],
    ['10.0.0.0/33', /prefix length/],
    ['http://x', /host name/],
    ['a b', /host name/],
  ])('the entry %s', (entry, problem) => {
    if (problem) expect(allowListEntryProblem(entry)).toMatch(problem);
    else expect(allowListEntryProblem(entry)).toBeUndefined();
  });
});

describe('resolveTarget (send time: resolve once, check every address, answer the one to connect to)', () => {
  const resolverOf = (answers: Record<string, string[]>): HostResolver => async (host) => {
    const addresses = answers[host];
    if (!addresses) throw new Error(`ENOTFOUND ${host}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const resolver = resolverOf({
    'public.example': ['93.184.216.34'],
    'inside.example': ['10.0.0.7'],
    'mixed.example': ['93.184.216.34', '127.0.0.1'],
    'metadata.example': ['169.254.169.254'],
    'mapped.example': ['::ffff:127.0.0.1'],
    'receiver.internal': ['10.0.0.7'],
  });

  test('a public name answers its address; one pointing inside, or partly inside, is refused', async () => {
    const policy = createWebhookPolicy([], resolver);
    expect(await policy.resolveTarget('https://public.example/hook')).toEqual({ address: '93.184.216.34', family: 4 });
    expect(await policy.resolveTarget('https://inside.example/hook')).toEqual({ problem: expect.stringMatching(/10\.0\.0\.7.*public internet/) });
    expect(await policy.resolveTarget('https://mixed.example/hook')).toEqual({ problem: expect.stringMatching(/127\.0\.0\.1/) });
    expect(await policy.resolveTarget('https://metadata.example/hook')).toEqual({ problem: expect.stringMatching(/metadata/) });
    expect(await policy.resolveTarget('https://mapped.example/hook')).toEqual({ problem: expect.stringMatching(/public internet/) });
    expect(await policy.resolveTarget('https://nowhere.example/hook')).toEqual({ problem: 'nowhere.example does not resolve' });
    expect(await policy.resolveTarget('http://127.0.0.1:9/hook')).toEqual({ problem: expect.stringMatching(/public internet/) });
  });

  test('an allow-listed name may resolve inside; a literal address answers itself', async () => {
    const policy = createWebhookPolicy(['receiver.internal', '127.0.0.1'], resolver);
    expect(await policy.resolveTarget('http://receiver.internal:8080/hook')).toEqual({ address: '10.0.0.7', family: 4 });
    expect(await policy.resolveTarget('http://127.0.0.1:9/hook')).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await policy.resolveTarget('http://inside.example/hook')).toEqual({ problem: expect.stringMatching(/public internet/) });
  });

  test('the system resolver: localhost is refused by default', async () => {
    expect(await createWebhookPolicy().resolveTarget('http://localhost:9/hook')).toEqual({ problem: expect.stringMatching(/names this host/) });
  });
});
