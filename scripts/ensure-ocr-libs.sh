#!/bin/sh
# OpenCV (pulled in by the OCR extra, rapidocr-onnxruntime) loads libGL and libglib at import;
# a bare Debian lacks them. Install them (Debian packages libgl1, libglib2.0-0) when the import
# fails. Run by `make setup`, so by `make test` and `make reports`.
set -eu
PY=${1:-python3}
if "$PY" -c "import cv2" >/dev/null 2>&1; then
    exit 0
fi
exec sh "$(dirname "$0")/apt-install.sh" "OCR 所需的系统库" libgl1 libglib2.0-0
