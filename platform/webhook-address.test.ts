import { describe, expect, test } from 'vitest';
import { isForbiddenAddress, webhookTargetProblem, webhookUrlProblem } from './webhook-address.ts';

describe('webhookUrlProblem', () => {
  test.each([
    'https://hooks.example.com/levain',
    'http://example.com:8080/hook?bakery=1',
    'http://127.0.0.1:9000/hook',
    'http://10.1.2.3/hook',
    'http://[2001:db8::1]/hook',
    'http://169.255.0.1/',
  ])('accepts %s', (url) => {
    expect(webhookUrlProblem(url)).toBeUndefined();
  });

  test.each([
    ['not a URL', 'hooks.example.com/levain', /absolute/],
    ['ftp', 'ftp://example.com/hook', /http or https/],
    ['javascript', 'javascript:alert(1)', /http or https/],
    ['file', 'file:///etc/passwd', /http or https/],
    ['credentials', 'https://user:secret@example.com/', /user name or password/],
    ['AWS metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', /metadata/],
    ['any link-local v4', 'http://169.254.1.1/', /link-local/],
    ['decimal spelling', 'http://2852039166/', /link-local/],
    ['hex spelling', 'http://0xa9fea9fe/', /link-local/],
    ['octal dotted spelling', 'http://0251.0376.0251.0376/', /link-local/],
    ['short dotted spelling', 'http://169.254.43518/', /link-local/],
    ['IPv4-mapped IPv6', 'http://[::ffff:169.254.169.254]/', /link-local/],
    ['IPv4-mapped IPv6 in hex', 'http://[::ffff:a9fe:a9fe]/', /link-local/],
    ['link-local v6', 'http://[fe80::1]/', /link-local/],
    ['AWS metadata v6', 'http://[fd00:ec2::254]/', /link-local/],
    ['unspecified v4', 'http://0.0.0.0:4004/', /link-local/],
    ['unspecified v6', 'http://[::]/', /link-local/],
    ['GCP metadata name', 'http://metadata.google.internal/computeMetadata/v1/', /metadata/],
    ['GCP metadata name with a trailing dot', 'http://metadata.google.internal./', /metadata/],
    ['GCP metadata name in capitals', 'http://METADATA.GOOGLE.INTERNAL/', /metadata/],
    ['Alibaba metadata', 'http://100.100.100.200/latest/meta-data/', /metadata/],
  ])('refuses %s', (_name, url, problem) => {
    expect(webhookUrlProblem(url)).toMatch(problem);
  });
});

test('isForbiddenAddress reads both families', () => {
  expect(isForbiddenAddress('169.254.169.254')).toBe(true);
  expect(isForbiddenAddress('::ffff:169.254.169.254')).toBe(true);
  expect(isForbiddenAddress('fe80::abcd')).toBe(true);
  expect(isForbiddenAddress('8.8.8.8')).toBe(false);
  expect(isForbiddenAddress('::1')).toBe(false);
  expect(isForbiddenAddress('not an address')).toBe(false);
});

test('webhookTargetProblem checks what a name resolves to (localhost resolves to loopback: allowed)', async () => {
  expect(await webhookTargetProblem('http://localhost:9/hook')).toBeUndefined();
  expect(await webhookTargetProblem('http://169.254.169.254/')).toMatch(/link-local/);
});
