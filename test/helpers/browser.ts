/**
 * Headless Chromium for the dashboard tests: Debian's `chromium` driven by
 * playwright-core (no bundled browser download). Missing browser: the test
 * fails when `CI` is set, else it is skipped and listed at the end.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { recordSkip } from './skips';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable, or undefined (recorded as a skip; throws in CI). */
export function requireChromium(): string | undefined {
  const fromEnv = process.env.METERWORK_CHROMIUM;
  const found = [fromEnv, ...CANDIDATES].find((p): p is string => p !== undefined && p !== '' && fs.existsSync(p));
  if (found) return found;
  const msg = 'chromium not found (install the Debian package chromium; .ci/run does; or set METERWORK_CHROMIUM)';
  if (process.env.CI) throw new Error(msg);
  recordSkip(msg);
  return undefined;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: the sandbox needs user namespaces, often missing in containers and as root.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: 60_000 });
}

/** Where screenshots go: `$METERWORK_ARTIFACTS_DIR`, else `artifacts/` at the repository root (gitignored). */
export function artifactPath(name: string): string {
  const dir = process.env.METERWORK_ARTIFACTS_DIR ?? path.join(__dirname, '../../artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
