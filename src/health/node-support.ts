/** The oldest Node the gateway supports: package.json's `engines` says the same (node-support.spec.ts checks). */
export const SUPPORTED_NODE = '22.12';

const parts = (version: string): number[] => version.replace(/^v/, '').split('.').map(Number);

/** One start-up line when `version` (process.version) is older than SUPPORTED_NODE; none otherwise. */
export function nodeVersionWarning(version: string): string | undefined {
  const [major = 0, minor = 0] = parts(version);
  const [minMajor = 0, minMinor = 0] = parts(SUPPORTED_NODE);
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return undefined;
  return `Node ${version} is older than the supported range (>=${SUPPORTED_NODE}, package.json engines): the gateway may run, but this Node is not supported; use Node 24 (.nvmrc)`;
}
