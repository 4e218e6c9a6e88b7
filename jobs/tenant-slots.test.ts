import { expect, test } from 'vitest';
import { TenantSlots } from './tenant-slots.ts';

test('one tenant takes at most perTenant slots; others are not held back by it', () => {
  const slots = new TenantSlots(2);
  expect([slots.tryTake('a'), slots.tryTake('a'), slots.tryTake('a')]).toEqual([true, true, false]);
  expect(slots.tryTake('b')).toBe(true);
  expect(slots.heldBy('a')).toBe(2);
  slots.release('a');
  expect(slots.tryTake('a')).toBe(true);
  expect(slots.peak).toBe(2);
});

test('releasing the last slot forgets the tenant; a bad limit fails fast', () => {
  const slots = new TenantSlots(1);
  slots.tryTake('a');
  slots.release('a');
  expect(slots.heldBy('a')).toBe(0);
  expect(() => new TenantSlots(0)).toThrow(/integer ≥ 1, got 0/);
});
