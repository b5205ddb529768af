/**
 * Appends `items` to `target` one at a time. `target.push(...items)` passes every
 * item as a call argument, which overflows the stack past about 100,000 items
 * (one file can hold that many findings).
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
