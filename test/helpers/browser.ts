import { chromium, type Browser } from 'playwright-core';

/** CHROMIUM is Debian's Chromium, which .ci/run installs: playwright-core downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * CHROMIUM_ARGS keep Chromium off the network it would otherwise call at every start (component updates, sync,
 * QUIC probes): on this closed network those connections are refused, many at a time. Headless and without the
 * sandbox, as root runs it here; playwright-core gives it a new empty profile.
 */
export const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** launchChromium starts headless Chromium for one test file or one benchmark run. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS });
}
