#!/usr/bin/env bash
# Refresh the English catalog (src/gongkai/locale/en/LC_MESSAGES/django.po) from the Chinese
# msgids in templates and Python, then compile django.mo. Commit both files: the .mo is kept in
# git so a fresh machine needs no gettext tools.
#
#   scripts/update_translations.sh          # update .po, compile .mo, list what still needs work
#   scripts/update_translations.sh --check  # same, but exit 1 if anything is untranslated/fuzzy
#
# Needs GNU gettext (xgettext, msgmerge, msgattrib, msgcat, msgfmt). New msgids arrive with an
# empty msgstr; msgmerge may also guess a translation for a changed msgid and mark it "fuzzy".
# Both show in Chinese until a translator fills the msgstr and removes the fuzzy flag.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GONGKAI="${GONGKAI:-$ROOT/.venv/bin/gongkai}"
LOCALE="$ROOT/src/gongkai/locale"
PO="$LOCALE/en/LC_MESSAGES/django.po"
# Msgids that only reach {% translate variable %} at run time (portal/column.py constants):
# makemessages cannot see them and --no-obsolete would drop them, so they are merged back here.
RUNTIME="$LOCALE/en/runtime_msgids.po.in"

check=0
[ "${1:-}" = "--check" ] && check=1

for tool in xgettext msgmerge msgattrib msgcat msgfmt; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install gettext" >&2; exit 2; }
done

cd "$ROOT/src/gongkai"
export DJANGO_SETTINGS_MODULE=gongkai.settings
"$GONGKAI" makemessages -l en --no-obsolete --ignore "*/tests/*" --ignore "*/migrations/*"
if [ -f "$RUNTIME" ]; then
  # --use-first: django.po wins where both translate a msgid; empty msgstrs never win.
  msgcat --use-first -o "$PO" "$PO" "$RUNTIME"
fi
"$GONGKAI" compilemessages -l en

# msgattrib prints the header entry first whenever it prints anything: drop it (up to the first
# blank line) before counting or listing.
entries() { msgattrib "$@" --no-obsolete --no-location "$PO" | sed '1,/^$/d'; }
untranslated="$(entries --untranslated | grep -c '^msgid ' || true)"
fuzzy="$(entries --only-fuzzy | grep -c '^msgid ' || true)"
total="$(entries | grep -c '^msgid ' || true)"
echo "django.po (en): $total msgids, $untranslated untranslated, $fuzzy fuzzy"
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "Still shown in Chinese until translated (fill msgstr, remove any fuzzy flag, re-run):"
  entries --untranslated | grep -v '^msgstr' | sed 's/^/  /'
  entries --only-fuzzy | grep -v '^msgstr' | sed 's/^/  fuzzy: /'
  [ "$check" -eq 1 ] && exit 1
fi
exit 0
