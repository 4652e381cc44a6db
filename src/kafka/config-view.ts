/**
 * Typed read access to a resolved Kafka config (names exactly as Kafka spells them). Model code
 * reads `config.int("replica.lag.time.max.ms")`; a missing key is a programming error, so it throws.
 */
export class ConfigView {
  constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    private readonly fallback?: ConfigView,
  ) {}

  has(name: string): boolean {
    return name in this.values || (this.fallback?.has(name) ?? false);
  }

  get(name: string): unknown {
    if (name in this.values) return this.values[name];
    if (this.fallback) return this.fallback.get(name);
    throw new Error(`config ${name} is not set and has no default`);
  }

  int(name: string): number {
    const value = this.get(name);
    const n = typeof value === "string" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isFinite(n)) throw new Error(`config ${name}: expected a number, found ${String(value)}`);
    return n;
  }

  bool(name: string): boolean {
    const value = this.get(name);
    if (typeof value === "boolean") return value;
    if (value === "true") return true;
    if (value === "false") return false;
    throw new Error(`config ${name}: expected true or false, found ${String(value)}`);
  }

  str(name: string): string {
    return String(this.get(name));
  }

  /** A view whose own values override this one (topic config over broker config). */
  overlay(values: Readonly<Record<string, unknown>>): ConfigView {
    return new ConfigView(values, this);
  }

  entries(): Record<string, unknown> {
    return { ...(this.fallback?.entries() ?? {}), ...this.values };
  }
}
