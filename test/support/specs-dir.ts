// Published documents that no npm package carries (OpenAI's OpenAPI document, the MCP JSON schemas) come from the
// folder named by SPECS_DIR, never from a fixed path outside the repository: a bare clone has no such folder.
// Without SPECS_DIR the checks that need them are skipped at load time, under names ending in NEEDS_SPECS, so the
// run lists what it did not check; .ci/run sets SPECS_DIR, so CI checks everything. See docs/testing.md.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from '@jest/globals';

/** Appended to the name of every test or suite skipped for want of SPECS_DIR. */
export const NEEDS_SPECS = '(needs SPECS_DIR)';

const configured = process.env.SPECS_DIR?.trim();

/** The absolute specs folder, or undefined when SPECS_DIR is not set. */
export const SPECS_DIR: string | undefined = configured ? resolve(configured) : undefined;

/**
 * The path of one file in SPECS_DIR. Throws when SPECS_DIR is unset or lacks the file: a test that reaches this
 * without being gated (describeWithSpecs, itWithSpecs, specsFor) fails with a message saying why, and a set
 * SPECS_DIR that misses a file fails rather than skips.
 */
export function specFile(name: string): string {
  if (SPECS_DIR === undefined) throw new Error(`${name} is read from SPECS_DIR, which is not set: gate this test with describeWithSpecs/itWithSpecs/specsFor`);
  const path = join(SPECS_DIR, name);
  if (!existsSync(path)) throw new Error(`SPECS_DIR=${SPECS_DIR} has no ${name}`);
  return path;
}

/** `describe` when SPECS_DIR is set; otherwise `describe.skip`, its name ending in "(needs SPECS_DIR)". */
export function describeWithSpecs(name: string, body: () => void): void {
  if (SPECS_DIR !== undefined) describe(name, body);
  else describe.skip(`${name} ${NEEDS_SPECS}`, body);
}

/** `it` when SPECS_DIR is set; otherwise `it.skip`, its name ending in "(needs SPECS_DIR)". */
export function itWithSpecs(name: string, test: () => Promise<unknown> | void, timeout?: number): void {
  if (SPECS_DIR !== undefined) it(name, test, timeout);
  else it.skip(`${name} ${NEEDS_SPECS}`, test);
}

/**
 * For schema checks made inside tests that assert other behaviour too (or in a hook): true when SPECS_DIR is set.
 * Otherwise false, and a skipped test named `${what} (needs SPECS_DIR)` is registered where this is called (a
 * describe body or the top of a file, at load time), so the behaviour is still tested and the missing check listed.
 */
export function specsFor(what: string): boolean {
  if (SPECS_DIR !== undefined) return true;
  it.skip(`${what} ${NEEDS_SPECS}`, () => undefined);
  return false;
}
