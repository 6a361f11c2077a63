#!/bin/sh
# OpenCV (pulled in by the OCR extra, rapidocr-onnxruntime) loads libGL and libglib at import;
# a bare Debian lacks them. Install them (Debian packages libgl1, libglib2.0-0) when the import
# fails. Run by `make setup`, so by `make test` and `make reports`.
set -eu
PY=${1:-python3}
if "$PY" -c "import cv2" >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "提示：OCR 需要系统库 libGL 与 libglib（Debian：apt-get install libgl1 libglib2.0-0）。" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "提示：需要 root 权限安装 libgl1 libglib2.0-0（OCR 组件所需）。" >&2
        exit 0
    fi
fi
echo "正在安装 OCR 所需的系统库 libgl1 libglib2.0-0 ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q libgl1 libglib2.0-0 >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q libgl1 libglib2.0-0 >/dev/null
}
