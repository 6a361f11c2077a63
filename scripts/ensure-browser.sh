#!/bin/sh
# Install Debian's chromium and its chromedriver for the review page's browser tests
# (tests/test_review_browser.py), unless they are already there. Run by `make setup`/`make test`.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "提示：未找到 apt-get，请自行安装 chromium 和 chromedriver；否则核对页面的浏览器测试将被跳过。" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "提示：需要 root 权限安装 chromium chromium-driver（apt-get install chromium chromium-driver）。" >&2
        exit 0
    fi
fi
echo "正在安装浏览器 chromium 和 chromium-driver（用于核对页面的测试）..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q chromium chromium-driver >/dev/null
}
