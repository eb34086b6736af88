/**
 * `--provider sim|sip` and its options, shared by `xtapi call` and `xtapi board`: the simulated
 * switch with the number plan, or a SIP account on a real network (address of record, registrar,
 * outbound proxy, local address and port; the password from the environment or a file; `--trace`).
 * Only the public options of `sipProvider` (`xtapi/providers/sip`) are used.
 */
import type { Provider } from '../../providers/provider.js';
import { type Outcome, type SimulatedProvider, simulatedProvider } from '../../providers/simulated/index.js';
import { sipProvider } from '../../providers/sip/index.js';
import { describePlanned, OTHER_NUMBERS, OUTCOMES, planNumbers } from './number-plan.js';
import type { OptionValues } from './parse-command-line.js';
import { quoted } from './quote.js';
import { PASSWORD_VARIABLE, readSipPassword } from './sip-password.js';
import { sipTracer } from './sip-trace.js';
import { UsageError } from './usage-error.js';

/** The options every command with a provider takes. */
export const PROVIDER_OPTIONS = {
  provider: { type: 'string', default: 'sim' },
  aor: { type: 'string' },
  registrar: { type: 'string' },
  'outbound-proxy': { type: 'string' },
  'local-address': { type: 'string' },
  'local-port': { type: 'string' },
  username: { type: 'string' },
  'password-file': { type: 'string' },
  // Known only to be refused with the reason (see readSipPassword).
  password: { type: 'string' },
  trace: { type: 'boolean' },
} as const;

/** The SIP options, by name: given with `--provider sim`, they are a usage error. */
const SIP_ONLY = ['aor', 'registrar', 'outbound-proxy', 'local-address', 'local-port', 'username', 'password-file', 'trace'] as const;

/** The provider options as read. */
export type ProviderValues = OptionValues<typeof PROVIDER_OPTIONS>;

/** What the simulated switch is asked to do. */
export interface SimulatedChoice {
  /** Line devices (`xtapi board --lines`; 1 for `xtapi call`). */
  lines: number;
  /** `--outcome`: every number does this; absent, the number plan decides. */
  outcome?: string;
}

/** The provider a command runs on, and how to name it to the user. */
export type ProviderChoice =
  | {
      kind: 'sim';
      /** The simulated switch itself, which can also ring a line (`xtapi listen --ring-in`). */
      provider: SimulatedProvider;
      /** The far end as the `calling …` line names it. */
      describe(address: string): string;
    }
  | { kind: 'sip'; provider: Provider; describe(address: string): string };

/** sipProvider's option names, as the command line spells them. */
const OPTION_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/lines\[0\]\.aor/g, '--aor'],
  [/lines\[0\]\.outboundProxy/g, '--outbound-proxy'],
  [/lines\[0\]\.registrar\.uri/g, '--registrar'],
  [/lines\[0\]\.domain/g, 'the domain of --aor'],
  [/lines\[0\]:? ?/g, ''],
];

/**
 * Read the provider options into a provider, or throw a {@link UsageError} that says what is
 * wrong in the command line's words.
 *
 * @example
 * ```ts
 * const { provider } = chooseProvider({ provider: 'sip', aor: 'sip:alice@pbx.example', registrar: 'sip:pbx.example' }, { lines: 1 }, process.env, io.err);
 * ```
 */
export function chooseProvider(values: ProviderValues, sim: SimulatedChoice, env: NodeJS.ProcessEnv, trace: (line: string) => void): ProviderChoice {
  if (values.password !== undefined) {
    throw new UsageError(`--password: no password on the command line, where ps shows it to every user; set ${PASSWORD_VARIABLE} or give --password-file <file>`);
  }
  if (values.provider === 'sim') {
    const given = SIP_ONLY.find((name) => values[name] !== undefined && values[name] !== false);
    if (given) throw new UsageError(`--${given} is an option of --provider sip`);
    if (sim.outcome !== undefined && !OUTCOMES.includes(sim.outcome as Outcome)) throw new UsageError(`unknown outcome ${quoted(sim.outcome)} (${OUTCOMES.join(', ')})`);
    const outcome = sim.outcome as Outcome | undefined;
    const provider = simulatedProvider({
      lines: sim.lines,
      // --outcome: every number does that; without it, the number plan.
      numbers: outcome ? {} : planNumbers(),
      defaultOutcome: outcome ? { outcome } : OTHER_NUMBERS.entry,
    });
    return { kind: 'sim', provider, describe: (address) => `far end: ${outcome ?? describePlanned(address)}` };
  }
  if (values.provider !== 'sip') throw new UsageError(`unknown provider ${quoted(values.provider)} (sim, sip)`);
  if (sim.outcome !== undefined) throw new UsageError('--outcome is an option of --provider sim: on SIP the far end decides');
  if (values.aor === undefined) throw new UsageError('--provider sip needs --aor <sip:user@host>, the address of record of the account');
  let localPort: number | undefined;
  if (values['local-port'] !== undefined) {
    localPort = Number(values['local-port']);
    if (!/^\d{1,5}$/.test(values['local-port']) || localPort > 65535) throw new UsageError(`--local-port takes a port (0-65535), not ${quoted(values['local-port'])}`);
  }
  const password = readSipPassword(values['password-file'], env);
  const username = values.username;
  try {
    const provider = sipProvider({
      lines: [
        {
          aor: values.aor,
          outboundProxy: values['outbound-proxy'],
          registrar: values.registrar === undefined ? undefined : { uri: values.registrar, username, password },
          credentials: password === undefined ? undefined : { username, password },
        },
      ],
      localAddress: values['local-address'],
      localPort,
      trace: values.trace ? sipTracer(trace, password) : undefined,
    });
    return { kind: 'sip', provider, describe: (address) => `over SIP as ${values.aor}${values.registrar ? `, registered at ${values.registrar}` : ''} to ${quoted(address)}` };
  } catch (error) {
    let message = (error as Error).message;
    for (const [pattern, name] of OPTION_NAMES) message = message.replace(pattern, name);
    throw new UsageError(message);
  }
}
