/**
 * A provider the test drives by hand: it records every command each call receives and lets
 * the test report any event, at any time, as the world would.
 */
import type { CallRequest, LineDevice, LineLink, Provider, ProviderCall, ProviderCommand, ProviderEvent } from '../../providers/provider.js';

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
  /** Replace how a call is made (after it is recorded): e.g. throw to refuse it. */
  makeCall?: (request: CallRequest, call: ProviderCall) => ProviderCall;
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
    async openLine(i: number, link: LineLink) {
      provider.opened.push(i);
      await options.openLine?.(i);
      return {
        makeCall(request: CallRequest) {
          const call: ScriptedCall = { request, commands: ['MAKE'], report: (event) => link.report(request.callId, event), disposed: false };
          calls.push(call);
          const made: ProviderCall = {
            dial: () => void call.commands.push('DIAL'),
            generateDigits: () => void call.commands.push('GENERATE_DIGITS'),
            drop: () => void call.commands.push('DROP'),
            dispose: () => {
              call.disposed = true;
            },
          };
          return provider.makeCall ? provider.makeCall(request, made) : made;
        },
        close() {
          provider.closed.push(i);
        },
      };
    },
    async shutdown() {
      provider.shutdowns++;
    },
  };
  return provider;
}
