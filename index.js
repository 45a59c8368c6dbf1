// The runtime entry of `import ... from 'vigi-sim'`: the compiled copy of protocol/simulator/
// index.ts (bin/compiled-sources.js keeps dist/ in step with the sources), or the TypeScript
// itself through tsx's loader when it cannot compile, as bin/vigi-sim.js does. The names below are
// those of protocol/simulator/index.ts (types come from index.ts); test/api checks they agree.
import { compiledEntry } from './bin/compiled-sources.js';

const SOURCE = 'protocol/simulator/index.ts';
const compiled = process.env.VIGI_SIM_NO_COMPILE ? undefined : await compiledEntry(SOURCE);
let api;
if (compiled) {
  api = await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // A URL, not a template path: bundlers that scan dynamic imports (vite, in vitest) leave it be.
  api = await import(/* @vite-ignore */ new URL(SOURCE, import.meta.url).href);
}

export const {
  startSimulator, SimulatorOptionsError, VigiWebClient, passwordEnvelope, md5Envelope, httpTransport,
  CameraResetClient, NvrChannelsClient, addedDevRows, RelayedResetClient, CameraOpenApiClient, NvrOpenApiClient,
} = api;
