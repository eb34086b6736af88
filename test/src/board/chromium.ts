/**
 * Debian's Chromium driven by playwright-core, as this machine runs it: headless, no sandbox
 * (root), and none of the background networking that floods a closed network, with a fresh
 * profile. Missing Chromium skips the browser tests on a workstation and fails them in CI
 * (`CI=true`), where scripts/install-test-deps.sh installs it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile; `close()` also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!HAVE_CHROMIUM) throw new Error(`Chromium is missing at ${CHROMIUM}: scripts/install-test-deps.sh installs it`);
  const profile = mkdtempSync(join(tmpdir(), 'xtapi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    headless: true,
    executablePath: CHROMIUM,
    args: FLAGS,
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
