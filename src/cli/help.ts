/** The text of `xtapi --help`. */
export const HELP = `xtapi: TAPI-style call control on XState actors

Usage:
  xtapi call <address> [options]   place one call and follow it to its end
  xtapi --help                     this text
  xtapi --version                  the version

xtapi call places one call on the simulated provider (the default), prints every
state change with the time since start and the TAPI mode, hangs up a while after
the call connects, and ends with a summary.

Options of "xtapi call":
  --provider <name>       sim (the simulated switch; the default and only one here)
  --outcome <outcome>     what the far end does: answer (default), busy, no-answer,
                          unreachable, reject
  --hangup-after <ms>     hang up this long after the call connects (default 2000)
  --json                  print one JSON object per line instead of text:
                            {"t": <ms>, "call": "<id>", "state": "<state>", "mode": <mode or null>}
                          and last
                            {"result": "<connected|busy|no-answer|unreachable|rejected|error>", "cause": {...}}

<address> is a TAPI dialable address, e.g. 5550111, "+1 (425) 555-0111", 9,5550111.

Exit status:
  0  the call connected (and was hung up)
  1  the call failed: busy, no answer, unreachable, rejected (the reason is printed)
  2  a usage error or an invalid address (the message names the LINEERR_)

Examples:
  npx xtapi call 5550111
  npx xtapi call "+1 (425) 555-0111" --outcome busy
  npx xtapi call 5550111 --hangup-after 500 --json
`;
