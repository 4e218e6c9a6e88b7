import { expect, test } from 'vitest';
import { setOwn } from './own-property.ts';

test('every key, __proto__ and inherited names included, becomes an own enumerable property JSON writes', () => {
  const target: Record<string, unknown> = {};
  const client = { polluted: true };
  for (const [key, value] of [['__proto__', client], ['constructor', 1], ['toString', 2], ['hasOwnProperty', 3], ['name', 'Flour']] as const) setOwn(target, key, value);
  expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
  expect((target as { polluted?: boolean }).polluted).toBeUndefined();
  expect(Object.keys(target)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'name']);
  expect(JSON.stringify(target)).toBe('{"__proto__":{"polluted":true},"constructor":1,"toString":2,"hasOwnProperty":3,"name":"Flour"}');
  setOwn(target, 'name', 'Rye');
  expect(target.name).toBe('Rye');
});
