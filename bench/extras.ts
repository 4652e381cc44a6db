/**
 * Benchmarks of the layers above the kernel (history checker, whole scenario runs). Each is
 * optional: a layer that is not built yet is skipped.
 */
export async function benchExtras(log: (line: string) => void): Promise<Record<string, unknown>> {
  void log;
  return {};
}
