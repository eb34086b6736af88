/**
 * A provider the test drives by hand: it records every command each call receives and lets
 * the test report any event, at any time, as the world would.
 */
import type { CallRequest, Clock, LineDevice, Provider, ProviderCommand, ProviderEvent } from '../../providers/provider.js';

export interface ScriptedCall {
  request: CallRequest;
  commands: ProviderCommand['type'][];
  report(event: ProviderEvent): void;
  disposed: boolean;
}

export interface ScriptedProvider extends Provider {
  calls: ScriptedCall[];
  /** The most recent call. */
  last(): ScriptedCall;
  opened: number[];
  closed: number[];
  shutdowns: number;
}

export function scriptedDevice(overrides: Partial<LineDevice> = {}): LineDevice {
  return {
    name: 'Scripted line',
    address: '200',
    maxCalls: 2,
    bearerModes: ['VOICE'],
    mediaModes: ['INTERACTIVEVOICE'],
    dialing: { dialtone: false, quiet: false, billing: false, voiceDetect: false },
    uriAddresses: false,
    nonDialed: false,
    ...overrides,
  };
}

export function scriptedProvider(options: { lines?: LineDevice[]; openLine?: (i: number) => Promise<void> | void; name?: string } = {}): ScriptedProvider {
  const calls: ScriptedCall[] = [];
  const provider: ScriptedProvider = {
    name: options.name ?? 'scripted',
    lines: options.lines ?? [scriptedDevice()],
    calls,
    opened: [],
    closed: [],
    shutdowns: 0,
    last: () => calls[calls.length - 1],
    openLine(i) {
      provider.opened.push(i);
      return options.openLine?.(i);
    },
    closeLine(i) {
      provider.closed.push(i);
    },
    createCall(request: CallRequest, report: (event: ProviderEvent) => void, _clock: Clock) {
      const call: ScriptedCall = { request, commands: [], report, disposed: false };
      calls.push(call);
      return {
        make: () => void call.commands.push('MAKE'),
        dial: () => void call.commands.push('DIAL'),
        generateDigits: () => void call.commands.push('GENERATE_DIGITS'),
        drop: () => void call.commands.push('DROP'),
        dispose: () => {
          call.disposed = true;
        },
      };
    },
    async shutdown() {
      provider.shutdowns++;
    },
  };
  return provider;
}
