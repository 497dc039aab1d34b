#!/bin/sh
# Renders the pages of issue 19's screenshots from the bundled samples and photographs them with
# headless Chromium: each page at 1280 px and 390 px wide, in dark mode, and as PDF pages (through
# --print-to-pdf and pdftoppm). Writes into OUT (default /tmp/runreport-shots); the README's
# curated few are copied into docs/screenshots/ by hand, optimised with pngquant and optipng.
#   docs/screenshots/make.sh [OUT]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/runreport-shots}
bin=${RUNREPORT:-$root/.build/debug/runreport}
s=$root/samples
rm -rf "$out" && mkdir -p "$out/pages" "$out/png"
q="--quiet"
"$bin" render "$s/clearml/small" -o "$out/pages/single" $q
"$bin" render "$s/clearml/wide.zip" -o "$out/pages/wide" $q
"$bin" render "$s/comet/system.zip" -o "$out/pages/system" $q
"$bin" compare "$s/clearml/sweep" "$s/clearml/small" "$s/clearml/artifacts" "$s/comet/small.zip" "$s/clearml/wide.zip" -o "$out/pages/compare" $q
"$bin" archive "$s/clearml/sweep" "$s/clearml/small" "$s/clearml/artifacts" "$s/comet/small.zip" "$s/clearml/wide.zip" -o "$out/pages/site" $q
"$bin" email "$s/clearml/small" -o "$out/pages/run.eml" --to 'You <you@example.com>' $q
# The email's HTML body with its charts, as a mail client shows it.
python3 - "$out/pages/run.eml" "$out/pages/email" <<'PY'
import email, os, sys
from email import policy
msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
os.makedirs(sys.argv[2], exist_ok=True)
html = None
for part in msg.walk():
    if part.get_content_type() == "text/html" and html is None:
        html = part.get_content()
    elif part.get_content_type() == "image/png":
        name = part["Content-ID"].strip("<>").replace("@", "-") + ".png"
        open(os.path.join(sys.argv[2], name), "wb").write(part.get_payload(decode=True))
        html = html.replace("cid:" + part["Content-ID"].strip("<>"), name)
open(os.path.join(sys.argv[2], "index.html"), "w").write(html)
PY
# The 15-variant metric's chart page: the group page holding "attention heads".
heads=$(grep -l '<h3>attention heads</h3>' "$out"/pages/wide/groups/*.html | head -1)
chrome() { chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars "$@" 2>/dev/null; }
for page in single:single/index.html wide:wide/index.html system:system/index.html heads:${heads#$out/pages/} compare:compare/index.html \
            archive:site/index.html email:email/index.html; do
  name=${page%%:*}; url="file://$out/pages/${page#*:}"
  chrome --window-size=1280,2000 --screenshot="$out/png/$name-1280.png" "$url"
  chrome --window-size=390,1600 --screenshot="$out/png/$name-390.png" "$url"
  chrome --window-size=1280,2000 --force-dark-mode --blink-settings=preferredColorScheme=0 --screenshot="$out/png/$name-dark.png" "$url"
  chrome --no-pdf-header-footer --print-to-pdf="$out/png/$name.pdf" "$url"
  pdftoppm -r 50 -png -l 4 "$out/png/$name.pdf" "$out/png/$name-pdf"
done
echo "wrote $out/png"
