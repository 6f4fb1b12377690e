#!/usr/bin/env python
"""Fill French msgstrs of a catalogue from a JSON file of {"msgid": "msgstr"} (a translator's aid).

Usage: bin/fill_translations.py locale/fr/LC_MESSAGES/django.po translations.json
Plural entries take a list of two strings. Entries already translated are overwritten only when
the JSON gives them; fuzzy flags are cleared on the entries it fills. Prints what is still missing.
"""

import json
import sys

import polib


def main(catalogue_path: str, translations_path: str) -> int:
    catalogue = polib.pofile(catalogue_path, wrapwidth=0)
    with open(translations_path, encoding="utf-8") as handle:
        translations = json.load(handle)
    for entry in catalogue:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    catalogue.save(catalogue_path)
    missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    for msgid in missing:
        print("missing:", json.dumps(msgid, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
