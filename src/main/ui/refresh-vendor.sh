#!/usr/bin/env bash
# Copies the parts of Bootstrap Italia the screens use from the version package-lock.json pins
# into webroot/vendor/bootstrap-italia, which is committed: running Sportello needs no npm and no
# CDN. Run it after changing the version in package.json (then commit package-lock.json and the
# vendor folder together); VendorDesignSystemTest checks that the two agree.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
from=node_modules/bootstrap-italia/dist
to=../../../webroot/vendor/bootstrap-italia
rm -rf "$to"
mkdir -p "$to/css" "$to/js" "$to/svg" "$to/fonts"
cp "$from/css/bootstrap-italia.min.css" "$to/css/"
cp "$from/js/bootstrap-italia.bundle.min.js" "$to/js/"
cp "$from/svg/sprites.svg" "$to/svg/"
# Titillium Web is the system's typeface, Roboto Mono its monospace; woff2 is enough for the
# browsers a public service supports today.
for family in Titillium_Web Roboto_Mono; do
  mkdir -p "$to/fonts/$family"
  cp "$from/fonts/$family"/*.woff2 "$to/fonts/$family/"
  cp "$from/fonts/$family"/*.txt "$to/fonts/$family/" 2>/dev/null || true
done
cp node_modules/bootstrap-italia/LICENSE "$to/LICENSE" 2>/dev/null || true
node -p "require('./node_modules/bootstrap-italia/package.json').version" > "$to/VERSION"
echo "Bootstrap Italia $(cat "$to/VERSION") copied to webroot/vendor/bootstrap-italia"
# jsQR (Apache-2.0) reads the tickets' QR codes from the camera on the door's page where the
# browser has no BarcodeDetector (Safari, Firefox, desktop Chrome). One file, no dependencies.
for lib in jsqr:dist/jsQR.js; do
  name=${lib%%:*}
  file=${lib#*:}
  rm -rf "../../../webroot/vendor/$name"
  mkdir -p "../../../webroot/vendor/$name"
  cp "node_modules/$name/$file" "../../../webroot/vendor/$name/"
  cp "node_modules/$name/LICENSE" "../../../webroot/vendor/$name/LICENSE" 2>/dev/null || true
  node -p "require('./node_modules/$name/package.json').version" > "../../../webroot/vendor/$name/VERSION"
  echo "$name $(cat "../../../webroot/vendor/$name/VERSION") copied to webroot/vendor/$name"
done
