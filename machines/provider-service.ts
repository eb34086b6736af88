/**
 * The call service: how a call actor invokes its provider. It turns the actor's commands into
 * {@link ProviderCall} method calls and the provider's reports into events for the actor, and
 * keeps the contract's promises on the provider's behalf: a command that throws becomes
 * `PROVIDER.FAILED`, and nothing the provider says after `dispose()` reaches the actor.
 */
import { fromCallback } from 'xstate';
import type { CallRequest, Clock, ProviderCall, ProviderCommand, ProviderEvent } from '../providers/provider.js';
import { ProviderError } from '../providers/provider.js';
import { providerOf } from './resources.js';

/** Input of the call service: the call request plus which provider serves it. */
export interface CallServiceInput extends CallRequest {
  providerIndex: number;
}

function run(call: ProviderCall, command: ProviderCommand): void {
  switch (command.type) {
    case 'MAKE':
      return call.make();
    case 'DIAL':
      return call.dial(command.digits, command.complete);
    case 'GENERATE_DIGITS':
      return call.generateDigits(command.digits);
    case 'DROP':
      return call.drop();
  }
}

/** The call service; without a bound provider it accepts commands and reports nothing. */
export const callService = fromCallback<ProviderCommand, CallServiceInput, ProviderEvent>(
  ({ input, sendBack, receive, system }) => {
    const provider = providerOf(system, input.providerIndex);
    if (!provider) return () => {};
    let live = true;
    const report = (event: ProviderEvent) => {
      if (live) sendBack(event);
    };
    const { providerIndex: _, ...request } = input;
    const call = provider.createCall(request, report, system._clock as Clock);
    receive((command) => {
      try {
        run(call, command);
      } catch (error) {
        report({
          type: 'PROVIDER.FAILED',
          error: error instanceof ProviderError ? error.lineError : 'OPERATIONFAILED',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    });
    return () => {
      live = false;
      call.dispose();
    };
  },
);
