#!/usr/bin/env bash
# Runs the test suite with the system clock shifted (libfaketime): on a leap day just before
# midnight, and on a daylight-saving night in Europe, so no test may depend on today's date.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  echo "test:shifted needs faketime (Debian/Ubuntu: apt-get install faketime)" >&2
  exit 2
fi
echo "test:shifted: clock at 2028-02-29 23:59 UTC"
TZ=UTC faketime -f '@2028-02-29 23:59:00' npx vitest run --silent
echo "test:shifted: clock at 2027-03-28 01:59:30 Europe/Berlin (clocks jump to 03:00)"
TZ=Europe/Berlin faketime -f '@2027-03-28 01:59:30' npx vitest run --silent
