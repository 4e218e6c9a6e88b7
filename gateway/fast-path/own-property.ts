/**
 * Sets `key` on `target` as an own, enumerable data property. Plain assignment treats an alias
 * `__proto__` as the prototype setter: the field vanished from the answer (issue 12, finding 11)
 * and a client's object became the result's prototype. Defined this way, `__proto__` is a key like
 * any other, and JSON.stringify writes it. Every other key is assigned: on a plain object no other
 * inherited property is an accessor or read-only (`constructor`, `toString`, … are shadowed as own
 * data properties), and Object.defineProperty costs ~10× an assignment — it was 5–8 % of the
 * gateway's CPU in a profile of the dashboard query (issue 16).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
