/** The text of `xtapi --help`. */
export const HELP = `xtapi: TAPI-style call control on XState actors

Usage:
  xtapi call <address> [options]   place one call and follow it to its end
  xtapi diagram [options]          print a statechart, generated from the machine itself
  xtapi board [options]            serve the call board: watch and place calls in a browser
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
  --inspect [port]        send the whole actor system to @statelyai/inspect through a
                          local relay (default port 8080) and print its page; the page
                          frames https://stately.ai/inspect, which needs the internet;
                          phone numbers are stripped from what is sent
  --board [port]          serve the call board (default port 8090), start the call when
                          the page is open, and keep serving after the end until Ctrl-C
  --json                  print one JSON object per line instead of text:
                            {"t": <ms>, "call": "<id>", "state": "<state>", "mode": <mode or null>}
                          and last
                            {"result": "<connected|busy|no-answer|unreachable|rejected|error>", "cause": {...}}

Options of "xtapi diagram":
  --machine <name>        call (default) or line
  --format <format>       mermaid (default), dot or svg (rendered offline)
  --compact               descriptions out of the boxes (svg: in tooltips)

Options of "xtapi board":
  --port <port>           the page's port (default 8090; 0 picks a free one)
  --lines <n>             simulated lines (default 2)
  --strip-numbers         show no phone numbers on the board
  The board works offline: nothing on the page comes from the internet. It lists the
  simulated switch's numbers (5550122 is busy, 5550133 does not answer, …) when it starts.

<address> is a TAPI dialable address, e.g. 5550111, "+1 (425) 555-0111", 9,5550111.

Exit status:
  0  the call connected (and was hung up)
  1  the call failed: busy, no answer, unreachable, rejected (the reason is printed)
  2  a usage error or an invalid address (the message names the LINEERR_)

Examples:
  npx xtapi call 5550111
  npx xtapi call "+1 (425) 555-0111" --outcome busy
  npx xtapi call 5550111 --hangup-after 500 --json
  npx xtapi call 5550111 --board
  npx xtapi diagram --format svg > call.svg
  npx xtapi board --port 8090
`;
