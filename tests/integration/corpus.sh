#!/usr/bin/env bash
# Checks against the shared sample replies and the peer's odd mail, when
# ../shared exists beside the project (a clone alone has no such folder:
# then these checks are skipped, and say so).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"
shared=$(cd "$YK_TOP/.." && pwd)/shared
corpus=$shared/corpus
peer=$shared/peer-mail
T=$(mktemp -d /tmp/ykcorpus.XXXXXX)
trap 'rm -rf "$T"' EXIT

if [ ! -d "$corpus" ]; then
    skip "sample corpus: $corpus not found"
else
    n=$(ls "$corpus"/*.eml | wc -l)
    timeout 300 "$YKIEN" -c "$YK_TOP/docs/examples/ykien.conf" parse --json "$corpus"/*.eml > "$T/parse.json" 2> "$T/parse.err"
    is "ykien parse --json over the corpus exits 0" "$?" 0
    check "one valid JSON object per corpus file ($n)" python3 - "$T/parse.json" "$n" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if len(rows) == int(sys.argv[2]) and all(isinstance(r, dict) and "kind" in r for r in rows) else 1)
PY
    # the walking skeleton's promise: plain-text replies sent from a
    # configured address get the right agency
    check "plain-text replies from configured addresses get their agency" python3 - "$T/parse.json" "$corpus/labels.json" <<'PY'
import json, os, sys
got = {os.path.basename(r["file"]): r for r in map(json.loads, open(sys.argv[1]))}
bad = []
for lab in json.load(open(sys.argv[2])):
    if lab["is_form_reply"] and lab["source"] == "inline" and lab["agency_by"] == "from":
        r = got.get(lab["file"], {})
        if r.get("agency") != lab["agency"]:
            bad.append("%s: want %s, got %s" % (lab["file"], lab["agency"], r.get("agency")))
for b in bad:
    print("#", b)
sys.exit(1 if bad else 0)
PY
    python3 "$corpus/score.py" parse "$corpus" < "$T/parse.json" > "$T/score.txt"
    st=$?
    grep '^MISS' "$T/score.txt" | sed 's/^/# /'
    is "score.py parse: every check holds ($(tail -1 "$T/score.txt"))" "$st" 0

    # filing decisions: import every file in name order into a fresh
    # database, then score the export (duplicates, superseded replies)
    mkdir -p "$T/filed"
    sed -e "s#/var/lib/ykien/ykien.db#$T/filed/ykien.db#" \
        -e "s#/var/lib/ykien/archive#$T/filed/archive#" "$YK_TOP/docs/examples/ykien.conf" > "$T/filed.conf"
    "$YKIEN" -c "$T/filed.conf" import "$corpus"/*.eml > "$T/import.log" 2>&1
    is "ykien import of the corpus exits 0" "$?" 0
    "$YKIEN" -c "$T/filed.conf" import "$corpus"/*.eml > "$T/import2.log" 2>&1
    is "importing the corpus again files nothing twice" \
        "$(grep -c 'already filed' "$T/import2.log")" "$n"
    "$YKIEN" -c "$T/filed.conf" export --json > "$T/export.json"
    python3 "$corpus/score.py" export "$corpus" < "$T/export.json" > "$T/escore.txt"
    st=$?
    grep '^MISS' "$T/escore.txt" | sed 's/^/# /'
    is "score.py export: every check holds ($(tail -1 "$T/escore.txt"))" "$st" 0
fi

if [ ! -d "$peer" ]; then
    skip "peer mail: $peer not found"
else
    files=$(cd "$peer" && find mimekit mimekit-mbox -type f ! -name LICENSE | sort)
    nf=$(echo "$files" | wc -l)
    (cd "$peer" && timeout 300 "$YKIEN" -c "$YK_TOP/docs/examples/ykien.conf" parse --json $files) > "$T/peer.json" 2> "$T/peer.err"
    is "ykien parse --json reads every peer message without failing" "$?" 0
    check "one JSON object per peer message ($nf), none a form reply" python3 - "$T/peer.json" "$nf" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = len(rows) == int(sys.argv[2]) and all(r.get("kind") and r["kind"] != "form_reply" for r in rows)
sys.exit(0 if ok else 1)
PY
    check "each peer message gets a kind its expected.json allows (delivery reports: bounce)" \
        python3 - "$T/peer.json" "$peer/expected.json" <<'PY'
import json, sys
want = json.load(open(sys.argv[2]))
bad = [(r["file"], r.get("kind")) for r in map(json.loads, open(sys.argv[1]))
       if r.get("kind") not in want.get(r["file"], [r.get("kind")])]
for b in bad:
    print("# %s: got %s" % b)
sys.exit(1 if bad else 0)
PY
fi
tap_done
