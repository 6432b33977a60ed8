#!/usr/bin/env bash
# OCR of scanned replies (issue 10): a form page rendered here, at test
# time, with a known answer, sent as a PNG and as a PDF without a text
# layer, is read by `ykien parse --json` (source image / pdf, ocr true,
# needs_review "read by OCR", the comment recovered); a 20,000 x 20,000
# pixel PNG and a malformed PNG are refused with a reason, quickly; and
# the shared sample scan, when ../shared is there, gives its agency and
# comment.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"
# Debian's python3, whose modules python3-pil is (a python3 earlier on
# PATH may lack it).
PY=/usr/bin/python3
T=$(mktemp -d /tmp/ykocr.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T/w#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"

if ! command -v tesseract > /dev/null || ! command -v pdftoppm > /dev/null ||
   ! "$PY" -c 'import PIL' 2> /dev/null; then
    skip "OCR: tesseract, pdftoppm or python3-pil missing (make deps)"
    tap_done
    exit
fi
"$PY" "$YK_TOP/tests/lib/genscan.py" "$T/gen"
is "a form page is rendered as PNG and as an image-only PDF" "$?" 0
check "the rendered PDF has no text layer" \
    test -z "$(pdftotext "$T/gen/form.pdf" - 2> /dev/null | tr -d '[:space:]')"

parse() { # name -> $T/name.json, $T/name.s (seconds)
    local t0 t1
    t0=$(date +%s.%N)
    timeout 120 "$YKIEN" -c "$T/ykien.conf" parse --json "$T/gen/$1.eml" > "$T/$1.json" 2> "$T/$1.err"
    local st=$?
    t1=$(date +%s.%N)
    python3 -c "print('%.2f' % ($t1 - $t0))" > "$T/$1.s"
    return $st
}

for kind in png pdf; do
    parse "scan_$kind"
    is "ykien parse --json reads the $kind scan" "$?" 0
    echo "# $kind scan: $(cat "$T/scan_$kind.s") s"
    want=image; [ $kind = pdf ] && want=pdf
    check "$kind scan: form_reply from SNV, source $want, ocr true, needs review \"read by OCR\", the comment read" \
        python3 - "$T/scan_$kind.json" "$T/gen/comment.txt" "$want" <<'PY'
import difflib, json, sys, unicodedata
r = json.loads(open(sys.argv[1]).read())
want = unicodedata.normalize("NFC", open(sys.argv[2], encoding="utf-8").read().strip())
got = (r.get("answers") or {}).get("comments") or ""
ratio = difflib.SequenceMatcher(None, " ".join(got.split()), want).ratio()
print("# comments: %r (%.2f like the rendered one)" % (got, ratio))
print("# proposal: %r, reasons: %r" % ((r.get("answers") or {}).get("proposal"), r.get("review_reasons")))
choices = ((r.get("answers") or {}).get("proposal") or {}).get("choices")
reasons = r.get("review_reasons") or []
ok = (r.get("kind") == "form_reply" and r.get("agency") == "SNV" and
      r.get("source") == sys.argv[3] and r.get("ocr") is True and
      r.get("needs_review") is True and "read by OCR" in reasons and ratio >= 0.9 and
      # a tick read on the scan is the right one; else none, and a reason
      (choices == ["continue_contest"] or
       (choices == [] and "tick boxes not readable on the scan" in reasons)))
sys.exit(0 if ok else 1)
PY
done

check "png scan: the ticked box, read by tesseract as a short token, gives the choice" \
    python3 - "$T/scan_png.json" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read())
choices = ((r.get("answers") or {}).get("proposal") or {}).get("choices")
sys.exit(0 if choices == ["continue_contest"] and
         "tick boxes not readable on the scan" not in (r.get("review_reasons") or []) else 1)
PY

for bad in huge malformed; do
    parse "$bad"
    is "ykien parse --json reads the $bad PNG message" "$?" 0
    s=$(cat "$T/$bad.s")
    check "$bad PNG refused within the limits ($s s)" python3 -c "import sys; sys.exit(0 if $s < 10 else 1)"
    echo "# $(cat "$T/$bad.json")"
done
check "the 20,000 x 20,000 PNG: form reply, needs review, reason: too large for OCR" \
    python3 - "$T/huge.json" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read())
sys.exit(0 if r["kind"] == "form_reply" and r["needs_review"] and r["ocr"] is False and
         any("too large for OCR" in x and "20000 x 20000" in x for x in r["review_reasons"]) else 1)
PY
check "the malformed PNG: form reply, needs review, reason: could not be read by OCR" \
    python3 - "$T/malformed.json" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read())
sys.exit(0 if r["kind"] == "form_reply" and r["needs_review"] and r["ocr"] is False and
         any("could not be read by OCR" in x for x in r["review_reasons"]) else 1)
PY
is "no temporary file of OCR is left behind" \
    "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'ykien-ocr-*' -newer "$T/ykien.conf" | wc -l)" 0

sample=$(cd "$YK_TOP/.." && pwd)/shared/corpus/13_scanned_png_only.eml
if [ ! -f "$sample" ]; then
    skip "sample scan: $sample not found"
else
    "$YKIEN" -c "$YK_TOP/docs/examples/ykien.conf" parse --json "$sample" > "$T/sample.json"
    is "ykien parse --json reads the sample scan" "$?" 0
    check "sample scan: form_reply, UBND_CULAODUNG, \"read by OCR\", the comment about cấp xã" \
        python3 - "$T/sample.json" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read())
sys.exit(0 if r["kind"] == "form_reply" and r["agency"] == "UBND_CULAODUNG" and
         r["needs_review"] and "read by OCR" in r["review_reasons"] and r["ocr"] and
         "phần thi dành cho công chức cấp xã" in (r["answers"].get("comments") or "") else 1)
PY
fi
tap_done
