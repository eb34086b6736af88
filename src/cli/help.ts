/**
 * The text of `xtapi --help`, and the usage line of each command (printed with every usage
 * error). The number plan is printed from `number-plan.ts`, so the help names exactly the numbers
 * the simulated switch knows.
 */
import { EXAMPLE_CALLER, NUMBER_PLAN, planLines } from './number-plan.js';
import { GATHER_RULES, RECORD_MAX_MS } from './call-media.js';
import { CALLER_KEYS_AFTER_MS, CALLER_PATIENCE_MS } from './ring-in.js';
import { PASSWORD_VARIABLE } from './sip-password.js';

/** One usage line per command. */
export const USAGE = {
  main: 'xtapi <call|listen|board|diagram> [options]   (xtapi --help says more)',
  call: 'xtapi call <address> [--provider sim|sip …] [--outcome <outcome>] [--hangup-after <ms>] [--hold-after <ms> [--unhold-after <ms>]] [--transfer-to <address> [--transfer-after <ms>]] [--play <file.wav>] [--gather <n> [--gather-term <keys>] [--first-timeout <ms>] [--inter-timeout <ms>]] [--record <file.wav> [--record-max <s>] [--record-silence <s>]] [--json] [--inspect [port]] [--board [port]]',
  listen: 'xtapi listen [--provider sim|sip …] [--answer-after <ms>] [--hangup-after <ms>] [--calls <n>] [--ring-in <number>[,<name>] [--caller-keys <keys>]] [--play <file.wav>] [--gather <n> [--gather-term <keys>] [--first-timeout <ms>] [--inter-timeout <ms>]] [--record <file.wav> [--record-max <s>] [--record-silence <s>]] [--json]',
  board: 'xtapi board [--provider sim|sip …] [--port <port>] [--host <address>] [--lines <n>] [--strip-numbers] [--json]',
  diagram: 'xtapi diagram [--machine call|line|gather] [--format mermaid|dot|svg] [--compact]',
} as const;

/** What the callers `--ring-in` rings from do, as the help says it (from the plan, so it cannot drift). */
const HANGING_UP = Object.entries(NUMBER_PLAN)
  .filter(([, entry]) => entry.hangupAfterMs !== undefined)
  .map(([number, entry]) => `${number} hangs up ${(entry.hangupAfterMs ?? 0) / 1000} s after the answer`)
  .join(', ');

/** The text of `xtapi --help`. */
export const HELP = `xtapi: TAPI-style call control on XState actors

Usage:
  xtapi call <address> [options]   place one call and follow it to its end
  xtapi listen [options]           wait for calls on a line, answer them if asked
  xtapi board [options]            serve the call board: watch, place, answer calls
  xtapi diagram [options]          print a statechart, generated from the machine itself
  xtapi --help                     this text (so does xtapi <command> --help)
  xtapi --version                  the version

xtapi call places one call, prints every state change with the time since start and
the TAPI mode, hangs up a while after the call connects, and ends with a summary.
It runs on the simulated switch unless told otherwise (--provider sip). The switch's
number plan (xtapi board uses it too):
${planLines('  ').join('\n')}

Options of "xtapi call":
  --outcome <outcome>     every number does this instead of what the plan says:
                          answer, busy, no-answer, unreachable, reject (sim only)
  --hangup-after <ms>     hang up this long after the call connects (default 2000);
                          with --play, this long after the playback ends
  --hold-after <ms>       hold the call this long after it connects (lineHold); a
                          line that cannot hold says LINEERR_OPERATIONUNAVAIL
  --unhold-after <ms>     take it back this long after it is held (lineUnhold)
  --transfer-to <address> transfer the call blind to this address (lineBlindTransfer;
                          SIP: REFER) once it connects, or --transfer-after <ms>
                          later; the call then ends, transferred
                          Each of these prints a line when done or failed (a
                          hangup that comes first cancels what has not started).
  --play <file.wav>       once the call connects, play the file to the far end (8 kHz
                          mono 16-bit PCM WAV; any other file is a usage error that
                          says what it is) and print a line when it ends: done, or
                          cancelled when the call ended first (the far end hung up,
                          a transfer, Ctrl-C); the hangup waits for its end
  --gather <n>            then gather up to n of the far end's digits, by the rules
                          of "xtapi listen" below (--gather-term, --first-timeout,
                          --inter-timeout): a line per key, one for the digits
  --record <file.wav>     then record what the far end says into the file (8 kHz
                          mono 16-bit WAV), up to --record-max; as "xtapi listen"
                          below. The hangup waits for --play, --gather, --record.
  --inspect [port]        send the whole actor system to @statelyai/inspect through a
                          local relay (default port 8080) and print its page; the page
                          frames https://stately.ai/inspect, which needs the internet;
                          phone numbers are stripped from what is sent
  --board [port]          serve the call board (default port 8090) and print its page
                          With --inspect or --board the call starts once every page is
                          open, and the pages stay up after the call until Ctrl-C.
  --json                  print one JSON object per line instead of text: per state
                            {"t": <ms>, "call": "<id>", "state": "<state>",
                             "mode": <mode or null>}
                          per hold, unhold or transfer asked for
                            {"t": <ms>, "call": "<id>", "request": "<hold|unhold|
                             transfer>", "to": "<address>" (transfer only),
                             "error": null or "LINEERR_…", "message": "…" (if failed)}
                          with --play, when the playback ends
                            {"t": <ms>, "call": "<id>", "played": "<file>",
                             "reason": "<done|cancelled>", "frames": <n>}
                          (or "reason": null, "frames": 0, "error": "LINEERR_…",
                           "message": "…" when the call could not play it),
                          with --gather and --record the lines "xtapi listen"
                          prints, and last, for a call placed,
                            {"result": "<connected|busy|no-answer|unreachable|
                                         rejected|error>",
                             "cause": {...}, "connectedMs": <ms>}
                          or, for a call that could not be,
                            {"result": "error", "cause": null,
                             "error": "LINEERR_…", "message": "…"}
                          (docs/cli-json.md, docs/cli-json.schema.json)

Options of "xtapi listen":
  It prints each call that arrives on line 0: who calls, every state with the time
  since it started listening and the TAPI mode, and how the call ended.
  --answer-after <ms>     answer each call this long after it arrives (0: at once);
                          without it calls are shown, not answered. A line reports
                          no rings for a call that arrives (SIP has none), so the
                          wait is in ms: on the simulated switch a ring is 1000 ms.
  --hangup-after <ms>     hang up this long after the answer (with --answer-after),
                          or after --play, --gather and --record are done when
                          given; without
                          it the call lasts until the caller hangs up
  --calls <n>             stop once n calls have come and ended (default: listen
                          until Ctrl-C)
  --ring-in <number>[,<name>]
                          the simulated switch rings the line from this caller
                          (sim only), --calls times (default 1), each call once the
                          last has ended; listen then stops. The caller gives up
                          after ${CALLER_PATIENCE_MS / 1000} s unanswered; once answered,
                          ${HANGING_UP}
                          (as in the plan); any other caller waits for you.
  --caller-keys <keys>    the caller rung in presses these keys (0-9, A-D, *, #)
                          once answered, one every 250 ms from ${CALLER_KEYS_AFTER_MS} ms after
                          the --play file's end (or the answer, without one); sim
                          only, with --ring-in and --gather
  --play <file.wav>       play the file to each call once it is answered (8 kHz mono
                          16-bit PCM WAV; any other file is a usage error that says
                          what it is); a line when it ends (done, or cancelled when
                          the call ended first). Needs --answer-after.
  --gather <n>            then gather up to n of the caller's digits (1-99), until a
                          key of --gather-term (kept as the last digit), no first
                          key within --first-timeout or no next one within
                          --inter-timeout. It prints each key as it comes (also
                          those pressed during --play, which are not gathered),
                          then the digits and why the gathering ended: BUFFERFULL
                          (n digits), TERMDIGIT, FIRSTTIMEOUT, INTERTIMEOUT, CANCEL
                          (the call ended first). Needs --answer-after.
  --gather-term <keys>    the keys that end the gathering (0-9, A-D, *, #; default
                          "${GATHER_RULES.terminators}"; "" for none: only n digits or a timeout end it)
  --first-timeout <ms>    how long to wait for the first key (default ${GATHER_RULES.firstTimeoutMs}; 0: for ever)
  --inter-timeout <ms>    how long to wait for each next key (default ${GATHER_RULES.interTimeoutMs}; 0: for ever)
  --record <file.wav>     then record what the caller says, written to the file (8
                          kHz mono 16-bit WAV; each call replaces the last one's)
                          when the recording ends: at --record-max, after
                          --record-silence, or when the call ends (what was said is
                          kept). A line says why it ended and how long it is. A
                          file that cannot be written is a usage error at start.
                          Needs --answer-after.
  --record-max <s>        the longest recording, in seconds (default ${RECORD_MAX_MS / 1000}, at most 3600)
  --record-silence <s>    end the recording after this many seconds of silence, once
                          the caller has spoken (default: no end on silence)
  --json                  print one JSON object per line instead of text: first
                            {"listening": {"line": 0, "name": "…", "address": "…",
                                           "provider": "…"}}
                          then per call that arrives
                            {"t": <ms>, "call": "<id>", "caller": {"number": …,
                             "name": …}, "called": …}
                          a state line per state (as xtapi call prints), with
                          --play a "played" line as xtapi call prints it, with
                          --gather per key
                            {"t": <ms>, "call": "<id>", "dtmf": "<key>",
                             "via": "<rfc4733|info|inband>" or null}
                          and when the gathering ends
                            {"t": <ms>, "call": "<id>", "digits": "<keys>",
                             "termination": "<BUFFERFULL|TERMDIGIT|FIRSTTIMEOUT|
                                            INTERTIMEOUT|CANCEL>"}
                          (or both null with "error" and "message"), with --record
                          when the recording ends
                            {"t": <ms>, "call": "<id>", "recorded": "<file>",
                             "reason": "<maxLength|silence|stopped>", "ms": <ms>}
                          (or "reason": null, "ms": 0 with "error": "LINEERR_…" or
                           the system's code when the file could not be written,
                           and "message"), and last
                            {"t": <ms>, "call": "<id>", "result": "<answered|
                             missed|rejected|error>", "cause": {...},
                             "connectedMs": <ms>}
                          or, when the line cannot be opened, an error line as
                          xtapi call prints it
  Ctrl-C drops the calls still up (one not answered yet is turned down), prints
  how they ended, and shuts down.

Options of "xtapi board":
  --port <port>           the page's port (default 8090; 0 picks a free one)
  --host <address>        the interface to listen on (default 127.0.0.1, this host
                          only; any other is warned about)
  --lines <n>             simulated lines (default 2; sim only)
  --strip-numbers         show no phone numbers on the board
  --json                  print {"url": "<page>", "feed": "<websocket>"} instead of text
  The page's address carries a secret token made at each start: only a browser given
  that address, on this board's own origin, can watch, place or answer calls. The
  lines are opened at start, so calls that arrive show, with Answer and Reject. The
  page works offline: nothing on it comes from the internet.

Provider options (xtapi call, xtapi listen and xtapi board):
  --provider <name>       sim: the simulated switch (default); sip: a SIP account (UDP)
  --aor <uri>             the account's address of record, e.g. sip:alice@example.com
  --registrar <uri>       register there while running (digest 401/407 answered)
  --outbound-proxy <uri>  send every request there first (loose routing)
  --local-address <ip>    the address to bind (default 127.0.0.1)
  --local-port <port>     the UDP port to bind (default: a free one)
  --username <name>       the digest username (default: the user part of --aor)
  --password-file <file>  the password is the file's first line; else ${PASSWORD_VARIABLE}
                          from the environment. Never on the command line: ps and the
                          shell history would show it to others.
  --trace                 print every SIP message to stderr, credentials masked

Options of "xtapi diagram":
  --machine <name>        call (default), line, or gather (lineGatherDigits)
  --format <format>       mermaid (default), dot or svg (rendered offline)
  --compact               descriptions out of the boxes (svg: in tooltips)

<address> is a TAPI dialable address, e.g. 5550111, "+1 (425) 555-0111", 9,5550111, or
with --provider sip a sip: URI. A partial address (one ending in ";") is refused: it
would wait for more digits, which xtapi call cannot send.

Exit status:
  0    the call connected (and was hung up); listen: the calls asked for came and
       went, or Ctrl-C without --calls or --ring-in; board and diagram: done
  1    the call failed: busy, no answer, unreachable, rejected, stalled (the reason
       is printed), or the provider, the line or a page could not start
  2    a usage error or an invalid address (the message names the LINEERR_)
  130  interrupted (Ctrl-C) before the call started; listen: before the line was
       open, or before the calls asked for (--calls, --ring-in) had come and gone

Examples:
  npx xtapi call 5550111
  npx xtapi call 5550122 --json
  npx xtapi call "+1 (425) 555-0111" --outcome busy
  npx xtapi call 5550111 --hangup-after 500 --board
  npx xtapi call 5550111 --hold-after 500 --unhold-after 1000 --hangup-after 3000
  npx xtapi listen --ring-in ${EXAMPLE_CALLER.number},${EXAMPLE_CALLER.name} --answer-after 2000 --hangup-after 3000
  npx xtapi listen --ring-in ${EXAMPLE_CALLER.number} --caller-keys 12# --answer-after 0 \\
    --play greeting.wav --gather 4 --hangup-after 0
  npx xtapi listen --answer-after 0 --play greeting.wav --record message.wav \\
    --record-max 60 --record-silence 3
  XTAPI_SIP_PASSWORD=… npx xtapi call 5550111 --provider sip \\
    --aor sip:alice@pbx.example --registrar sip:pbx.example
  npx xtapi diagram --format svg > call.svg
  npx xtapi board --port 8090
`;
