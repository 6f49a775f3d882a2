#!/usr/bin/env bash
# WeasyPrint draws text with Pango and subsets fonts with HarfBuzz; both are system
# libraries that pip cannot install. Names in Arabic, Hebrew, Devanagari, Thai, Chinese,
# Japanese, Korean and emoji need the Noto fonts (SIL OFL), too large to ship in the
# package. Install them where we can (root on Debian/Ubuntu), otherwise say exactly what
# is missing.
# With --test, also the PDF checkers the tests use (qpdf, pdftotext, pdffonts), Debian's
# chromium for the browser tests (Playwright drives it; no browser is ever downloaded) and
# LibreOffice's Impress and Writer, which open the QBR deck and the Word charter as a reader's
# office suite would; those are optional: the tests that need them are skipped where they
# cannot be installed.
set -euo pipefail

declare -A want=(
  [libpango-1.0.so.0]=libpango-1.0-0
  [libpangoft2-1.0.so.0]=libpangoft2-1.0-0
  [libharfbuzz-subset.so.0]=libharfbuzz-subset0
  [libfontconfig.so.1]=libfontconfig1
)
fonts=(fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
missing=()
for lib in "${!want[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("${want[$lib]}")
done
missing_fonts=()
if command -v dpkg-query >/dev/null; then
  for pkg in "${fonts[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_fonts+=("$pkg")
  done
fi
if [ "${1:-}" = "--test" ]; then
  command -v qpdf >/dev/null || missing+=(qpdf)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v soffice >/dev/null || missing+=(libreoffice-impress libreoffice-writer)
fi
[ ${#missing[@]} -eq 0 ] && [ ${#missing_fonts[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  all=($(printf '%s\n' "${missing[@]}" "${missing_fonts[@]}" | sort))
  echo "installing system packages for PDF rendering: ${all[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${all[@]}" >/dev/null
  exit 0
fi
if [ ${#missing_fonts[@]} -gt 0 ]; then
  echo "note: accounts with names in non-Latin scripts or emoji are refused until these fonts are installed:" \
       "sudo apt-get install ${missing_fonts[*]}" >&2
fi
[ ${#missing[@]} -eq 0 ] && exit 0
IFS=$'\n' missing=($(sort <<<"${missing[*]}")); unset IFS
if [ "${1:-}" = "--test" ] && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0; then
  echo "note: PDF checks, browser and office tests are skipped without: ${missing[*]}" >&2
  exit 0
fi
echo "PDF rendering needs these system packages: ${missing[*]}" >&2
echo "On Debian or Ubuntu: sudo apt-get install ${missing[*]}" >&2
echo "Elsewhere see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html" >&2
exit 1
