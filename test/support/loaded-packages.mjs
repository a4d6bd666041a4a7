// Preloaded (`--import`) into a gateway by lazy-modules.e2e-spec.ts: records which npm packages the process
// loaded (import and require alike) and writes their names to LOADED_PACKAGES_FILE when it exits.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const packages = new Set();
registerHooks({
  load(url, context, nextLoad) {
    const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (name) packages.add(name);
    return nextLoad(url, context);
  },
});
process.on('exit', () => writeFileSync(process.env.LOADED_PACKAGES_FILE, [...packages].sort().join('\n')));
