// TYP004: exported functions and public methods without a return type.
export function log(msg: string) { // ruleid: TYP004
  process.stdout.write(msg);
}
export async function save(path: string) { // ruleid: TYP004
  await Promise.resolve(path);
}
export function size(a: string[]) { // ruleid: TYP004
  return a.length;
}
export const run = (n: number) => { // ruleid: TYP004
  if (n > 1) return;
  process.stdout.write(String(n));
};
export class Service {
  start() { // ruleid: TYP004
    this.stop();
  }
  get name() { // ruleid: TYP004
    return 'svc';
  }
  private stop() { // ok: TYP004
    process.stdout.write('stop');
  }
  typed(): void {} // ok: TYP004
}
export function typed(): number { // ok: TYP004
  return 1;
}
export function factory() { // ok: TYP004
  return () => 1; // ruleid: TYP004
}
export function typedFactory() { // ok: TYP004
  return (): number => 1; // ok: TYP004
}
export const typedVar: (n: number) => void = (n) => { // ok: TYP004
  process.stdout.write(String(n));
};
function internal() { // ok: TYP004
  return 1;
}
export function callbacks(): void {
  [1].forEach(function each(x) { // ok: TYP004
    process.stdout.write(String(x + internal()));
  });
}
