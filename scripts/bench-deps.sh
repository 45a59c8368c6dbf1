#!/bin/sh
# What `npm run bench` needs outside npm: avahi (the independent mDNS client of the browse
# benchmark, run in a network namespace of its own, which also needs root and iproute2).
# Installed with apt-get when missing and possible; otherwise that benchmark reports why it could not run.
need=""
command -v avahi-daemon >/dev/null 2>&1 || need="$need avahi-daemon"
command -v avahi-browse >/dev/null 2>&1 || need="$need avahi-utils"
command -v dbus-daemon >/dev/null 2>&1 || need="$need dbus"
command -v ip >/dev/null 2>&1 || need="$need iproute2"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing$need" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need) >/dev/null 2>&1 || echo "bench: could not install$need" >&2
  else
    echo "bench: missing$need (apt-get install as root); the mDNS browse benchmark will say it cannot run" >&2
  fi
fi
exit 0
