#!/bin/sh
# Install Debian packages the set-up needs: apt-get install PACKAGES, as root or through sudo,
# updating the package lists once if the first try fails. Where that cannot be done, say what to
# install and go on (exit 0): the caller's check decides what then does not work.
# Usage: sh scripts/apt-install.sh "中文说明（用途）" PACKAGE...
set -eu
WHAT=$1
shift
if ! command -v apt-get >/dev/null 2>&1; then
    echo "提示：未找到 apt-get，请自行安装$WHAT：$*" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "提示：需要 root 权限安装$WHAT（apt-get install $*）。" >&2
        exit 0
    fi
fi
echo "正在安装$WHAT：$* ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q "$@" >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q "$@" >/dev/null
}
