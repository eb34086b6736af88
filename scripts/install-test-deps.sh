#!/bin/sh
# Installs the real programs the test suite runs against, from Debian's packages:
# SIPp (sip-tester), Kamailio, baresip (baresip-core) and Chromium. Idempotent: a package that
# is already installed is left alone, so a machine that has them all never calls apt-get.
set -eu
need=""
command -v sipp >/dev/null 2>&1 || need="$need sip-tester"
command -v kamailio >/dev/null 2>&1 || need="$need kamailio"
command -v baresip >/dev/null 2>&1 || need="$need baresip-core"
command -v chromium >/dev/null 2>&1 || need="$need chromium"
if [ -n "$need" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-test-deps: need root to install:$need" >&2
    exit 1
  fi
  echo "install-test-deps: installing$need"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need
fi
# SIPp plays captures (play_pcap_audio) through a raw socket: as root it may; run as another user,
# it needs CAP_NET_RAW, which root can give it here once.
if [ "$(id -u)" = 0 ] && command -v setcap >/dev/null 2>&1; then
  setcap cap_net_raw+ep "$(readlink -f "$(command -v sipp)")" 2>/dev/null || true
fi
