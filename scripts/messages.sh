#!/usr/bin/env bash
# Extract, update and compile the translations (Django domain "django").
# Run from the repository root:  scripts/messages.sh
# PYBABEL may point at another pybabel; it defaults to the project's virtualenv.
set -euo pipefail

cd "$(dirname "$0")/.."

PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
LOCALE_DIR="insyn/locale"
DOMAIN="django"
POT="$LOCALE_DIR/$DOMAIN.pot"
LOCALES=(sv en)
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -n 1)"

"$PYBABEL" extract \
    -F babel.cfg \
    -k _ -k gettext -k gettext_lazy \
    -k ngettext:1,2 -k ngettext_lazy:1,2 \
    -k pgettext:1c,2 -k pgettext_lazy:1c,2 \
    -k npgettext:1c,2,3 -k npgettext_lazy:1c,2,3 \
    --add-comments="Translators:" \
    --sort-by-file \
    --project=insyn \
    --version="${VERSION:-0}" \
    --copyright-holder="insyn" \
    -o "$POT" \
    .

for locale in "${LOCALES[@]}"; do
    po="$LOCALE_DIR/$locale/LC_MESSAGES/$DOMAIN.po"
    if [[ -f "$po" ]]; then
        "$PYBABEL" update -i "$POT" -d "$LOCALE_DIR" -D "$DOMAIN" -l "$locale" --ignore-obsolete
    else
        "$PYBABEL" init -i "$POT" -d "$LOCALE_DIR" -D "$DOMAIN" -l "$locale"
    fi
done

"$PYBABEL" compile -d "$LOCALE_DIR" -D "$DOMAIN" --statistics
