// tsc does not emit plain JavaScript next to its declarations: the LiquidJS sandbox
// (src/liquid-engine.mjs, which the server's lib/prompts/liquid-engine.mjs re-exports) and its
// types are copied into the build as they are. The build directory is sdk/dist unless given.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(sdk, 'dist');
for (const file of ['liquid-engine.mjs', 'liquid-engine.d.mts']) copyFileSync(path.join(sdk, 'src', file), path.join(out, file));
