/**
 * The conformance kit as a vitest suite: one test per generated path, and a last test that
 * prints the chart coverage the running calls reached and fails below the minimum.
 */
import { type ConformanceDriver, type ConformanceOptions, conformancePaths, runConformancePath } from './conformance.js';
import { ChartCoverage } from './coverage.js';

/**
 * vitest, if it is installed: `xtapi/testing` also serves tests that do not use it (the manual
 * clock, the paths, the invariants), and must load in plain Node without it.
 */
const vitest = await import('vitest').catch(() => undefined);

/** Options of {@link describeConformance}. */
export interface ConformanceSuiteOptions extends Omit<ConformanceOptions, 'coverage'> {
  /**
   * The share of the call chart's states and transitions the run must cover, 0 … 1 (default 0:
   * report only). The core's own suite asks for 1; a provider that cannot produce some events
   * (a peer that never sends 182, say) sets what it reaches.
   */
  minCoverage?: number;
  /** Transitions (as `state id|event`) the run must cover, whatever the share. */
  mustCover?: readonly string[];
  /** Per-test timeout (ms) for real-time runs. */
  timeout?: number;
}

/**
 * Declare a vitest suite that runs every generated call path against a provider. Call it at
 * the top level of a test file (or inside a `describe`).
 *
 * @example
 * ```ts
 * // test/my-provider.conformance.test.ts
 * import { describeConformance, ManualClock } from 'xtapi/testing';
 * import { myProvider } from '../src/my-provider.js';
 *
 * describeConformance({
 *   name: 'my provider',
 *   canProduce: (event) => event !== 'PROVIDER.DIALTONE', // a network that gives no dial tone
 *   start() {
 *     const clock = new ManualClock();
 *     const provider = myProvider();
 *     return { provider, clock, produce: (event) => provider.farEnd.send(event) };
 *   },
 * }, { minCoverage: 0.8 });
 * ```
 */
export function describeConformance(driver: ConformanceDriver, options: ConformanceSuiteOptions = {}) {
  if (!vitest) throw new Error('describeConformance registers vitest tests: install vitest, or run the paths with runConformancePath');
  const { describe, expect, it } = vitest;
  const coverage = new ChartCoverage();
  const paths = conformancePaths(driver, options);
  describe(`${driver.name} provider conforms to the call model (${paths.length} paths)`, () => {
    for (const path of paths) {
      it(`${path.id}: ${path.name}`, { timeout: options.timeout }, async (context) => {
        const result = await runConformancePath(driver, path, { ...options, coverage });
        if (result.status === 'skipped') context.skip(result.reason);
      });
    }
    it('covers the call chart', () => {
      const report = coverage.report();
      console.log(coverage.summary(driver.name));
      if (report.transitions.missing.length) console.log(`  not covered: ${report.transitions.missing.join(', ')}`);
      expect(report.ratio).toBeGreaterThanOrEqual(options.minCoverage ?? 0);
      const missing = new Set(report.transitions.missing);
      expect((options.mustCover ?? []).filter((key) => missing.has(key))).toEqual([]);
    });
  });
  return { coverage, paths };
}
