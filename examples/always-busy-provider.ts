/**
 * A provider written from `providers/provider.ts` alone: one line whose every call proceeds and
 * then finds the far end busy. It shows the whole contract in a few lines: the line device, the
 * call service, the first progress accepting the make, drop answered by IDLE, every delay on the
 * given clock, dispose releasing everything, shutdown waiting for nothing left.
 * Run by `test/examples/always-busy-provider.test.ts`.
 */
import type { CallRequest, Clock, Provider, ProviderCall, ProviderEvent } from '../src/index.js';

export function alwaysBusyProvider(): Provider & { live(): number } {
  const live = new Set<ProviderCall>();
  return {
    name: 'always-busy',
    lines: [
      {
        name: 'Busy line',
        address: '999',
        maxCalls: 1,
        bearerModes: ['VOICE'],
        mediaModes: ['INTERACTIVEVOICE'],
        dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false },
        uriAddresses: false,
        nonDialed: false,
      },
    ],
    createCall(_request: CallRequest, report: (event: ProviderEvent) => void, clock: Clock): ProviderCall {
      let timer: unknown = null;
      const call: ProviderCall = {
        make() {
          report({ type: 'PROVIDER.PROCEEDING' }); // the first progress accepts the make
          timer = clock.setTimeout(() => report({ type: 'PROVIDER.BUSY', mode: 'STATION' }), 300);
        },
        dial() {},
        generateDigits() {},
        drop() {
          if (timer !== null) clock.clearTimeout(timer);
          timer = null;
          report({ type: 'PROVIDER.IDLE' }); // every drop is answered, even a second one
        },
        dispose() {
          if (timer !== null) clock.clearTimeout(timer);
          live.delete(call);
        },
      };
      live.add(call);
      return call;
    },
    async shutdown() {
      for (const call of live) call.dispose();
    },
    live: () => live.size,
  };
}
