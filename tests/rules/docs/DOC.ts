// DOC002 / DOC003: exported declarations without JSDoc.
export function undocumented(a: number): number { // ruleid: DOC003
  return a;
}

/** Documented. */
export function documented(): void {}

export const arrow = (x: number): number => x; // ruleid: DOC003

/** A documented arrow. */
export const documentedArrow = (x: number): number => x;

export class Plain {} // ruleid: DOC002

/** A documented class. */
export class Documented {}

// a line comment is not JSDoc
export class LineCommented {} // ruleid: DOC002

/* a block comment is not JSDoc either */
export function blockCommented(): void {} // ruleid: DOC003

function internal(): void {} // ok: DOC003
class Internal {} // ok: DOC002
export { internal, Internal };
