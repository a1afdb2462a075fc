#!/usr/bin/env bash
# Installs Debian's chromium if /usr/bin/chromium is missing; does nothing when it is present.
# The brief.html test drives it through playwright-core (which ships no browser of its own).
# Idempotent, so CI can call it on every run.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
