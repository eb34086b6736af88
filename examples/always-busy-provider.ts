/**
 * A provider written from `providers/provider.ts` alone: one line whose every call proceeds and
 * then finds the far end busy. It shows the whole contract in a few lines: the line device, the
 * provider side of an open line (`openLine` returns it, `makeCall` creates each call on it), the
 * first progress accepting the make, drop answered by IDLE, every delay on the line's clock,
 * dispose releasing everything, shutdown waiting for nothing left.
 * Run by `test/examples/always-busy-provider.test.ts`.
 */
import type { LineLink, Provider, ProviderCall, ProviderLine } from '../src/index.js';

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
    openLine(_lineIndex: number, { clock, report }: LineLink): ProviderLine {
      return {
        makeCall({ callId }) {
          report(callId, { type: 'PROVIDER.PROCEEDING' }); // the first progress accepts the make
          let timer: unknown = clock.setTimeout(() => report(callId, { type: 'PROVIDER.BUSY', mode: 'STATION' }), 300);
          const call: ProviderCall = {
            dial() {},
            generateDigits() {},
            drop() {
              if (timer !== null) clock.clearTimeout(timer);
              timer = null;
              report(callId, { type: 'PROVIDER.IDLE' }); // every drop is answered, even a second one
            },
            dispose() {
              if (timer !== null) clock.clearTimeout(timer);
              live.delete(call);
            },
          };
          live.add(call);
          return call;
        },
      };
    },
    async shutdown() {
      for (const call of live) call.dispose();
    },
    live: () => live.size,
  };
}
