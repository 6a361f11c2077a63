#!/bin/sh
# Install the CJK TrueType font the PDF digest embeds (Debian package fonts-wqy-microhei),
# unless a usable one is already there. Run by `make reports` and `make test`.
set -eu
FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
if [ -f "$FONT" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "提示：未找到 apt-get，请自行安装文泉驿微米黑字体，或用 --font 指定 TrueType 中文字体。" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "提示：需要 root 权限安装 fonts-wqy-microhei（apt-get install fonts-wqy-microhei）。" >&2
        exit 0
    fi
fi
echo "正在安装中文字体 fonts-wqy-microhei ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q fonts-wqy-microhei >/dev/null
}
