/**
 * Sets `key` on `target` as an own, enumerable data property. Plain assignment treats an alias
 * `__proto__` as the prototype setter: the field vanished from the answer (issue 12, finding 11)
 * and a client's object became the result's prototype. Defined this way, `__proto__` and
 * `constructor` are keys like any other, and JSON.stringify writes them.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
