"""How the browser tests and the benchmark start Debian's Chromium (installed by `make browser`).

Headless, as root without a sandbox, and with Chromium's own background traffic switched off:
on these machines only the package registries are reachable, and the pages must ask no other
machine for anything, so every request seen comes from the page itself.
"""

import shutil

EXECUTABLE = shutil.which("chromium") or "/usr/bin/chromium"
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
