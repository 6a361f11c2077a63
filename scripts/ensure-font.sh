#!/bin/sh
# Install the CJK TrueType fonts the PDF digest embeds, unless they are already there: the body's
# Ming/Song serif (Debian package fonts-arphic-uming) and the headings' sans (fonts-wqy-microhei).
# Run by `make reports` and `make test`.
set -eu
NEED=""
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || NEED="$NEED fonts-wqy-microhei"
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || NEED="$NEED fonts-arphic-uming"
if [ -z "$NEED" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "提示：未找到 apt-get，请自行安装文泉驿微米黑与 AR PL UMing 字体，或用 --font 指定 TrueType 中文字体。" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "提示：需要 root 权限安装字体（apt-get install$NEED）。" >&2
        exit 0
    fi
fi
echo "正在安装中文字体$NEED ..." >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086  # NEED is a list of package names
$SUDO apt-get install -y -q $NEED >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q $NEED >/dev/null
}
