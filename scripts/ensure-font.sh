#!/bin/sh
# Install the CJK TrueType fonts the PDF digest embeds, unless they are already there: the body's
# Ming/Song serif (Debian package fonts-arphic-uming) and the headings' sans (fonts-wqy-microhei).
# Run by `make reports` and `make test`; without them, --font names a TrueType Chinese font.
set -eu
NEED=""
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || NEED="$NEED fonts-wqy-microhei"
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || NEED="$NEED fonts-arphic-uming"
if [ -z "$NEED" ]; then
    exit 0
fi
# shellcheck disable=SC2086  # NEED is a list of package names
exec sh "$(dirname "$0")/apt-install.sh" "中文字体" $NEED
