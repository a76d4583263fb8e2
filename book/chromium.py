"""How the tests, the PDFs and the benchmark start Debian's Chromium (installed by `make browser`).

Two programs from one Chromium release: `HEADLESS_SHELL` (Debian's `chromium-headless-shell`,
the browser engine without the desktop browser around it, which is what Playwright itself runs
for headless work) drives the tests and prints the PDFs; `EXECUTABLE`, the whole browser, is
what the benchmark times pages in and Lighthouse scores, as a reader's Chrome would load them.
The shell renders with the same engine and costs less than half the processor time a page
(24 page loads: 14.6 core-seconds against 37; `docs/benchmarks.md`).

Both start headless, as root without a sandbox, and with Chromium's own background traffic
switched off: on these machines only the package registries are reachable, and the pages must
ask no other machine for anything, so every request seen comes from the page itself.
"""

import shutil

EXECUTABLE = shutil.which("chromium") or "/usr/bin/chromium"
HEADLESS_SHELL = shutil.which("chromium-headless-shell") or "/usr/bin/chromium-headless-shell"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
