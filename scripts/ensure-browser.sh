#!/bin/sh
# Install Debian's chromium and its chromedriver for the review page's browser tests
# (tests/test_review_browser.py), unless they are already there. Run by `make test`.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
exec sh "$(dirname "$0")/apt-install.sh" "浏览器（用于核对页面的测试）" chromium chromium-driver
