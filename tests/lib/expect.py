#!/usr/bin/env python3
"""Checks `ykien parse --json` lines (stdin) against the expectations of
one folder of test messages (its expect.json), one TAP line per message.

expect.json is a list of objects; "file" names the message, every other
key is optional and checked only when present:
  kind, campaign, agency, agency_by, source, forwarded_from  exact value (null allowed)
  needs_review, ocr                                         true/false
  choices: {section_id: [option ids]}    exactly these options chosen
  contains: {section_id: "phrase"}       the section's text contains it
  empty: [section_id, ...]               the section has no text
  reasons: ["phrase", ...]               each is part of some review reason
  no_reasons: ["phrase", ...]            none is part of any review reason
Text is compared NFC, whitespace collapsed, case-folded.
Usage: expect.py EXPECT_JSON N0 < parse.jsonl   (N0: the first TAP number - 1)
Prints TAP lines and, last, "#counts PASSED FAILED".
"""
import json, os, sys, unicodedata


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s or "").split()).casefold()


def section(ans, sid):
    a = (ans or {}).get(sid)
    if isinstance(a, dict):
        return a.get("text"), a.get("choices") or []
    return a, []


def check(exp, got):
    bad = []
    for k in ("kind", "campaign", "agency", "agency_by", "source", "forwarded_from",
              "needs_review", "ocr"):
        if k in exp and got.get(k) != exp[k]:
            bad.append("%s: want %r, got %r" % (k, exp[k], got.get(k)))
    ans = got.get("answers") or {}
    for sid, want in (exp.get("choices") or {}).items():
        _, ch = section(ans, sid)
        if sorted(ch) != sorted(want):
            bad.append("choices of %s: want %r, got %r" % (sid, want, ch))
    for sid, phrase in (exp.get("contains") or {}).items():
        text, _ = section(ans, sid)
        if norm(phrase) not in norm(text):
            bad.append("%s: want text with %r, got %r" % (sid, phrase, text))
    for sid in exp.get("empty") or []:
        text, _ = section(ans, sid)
        if text and text.strip():
            bad.append("%s: want no text, got %r" % (sid, text))
    reasons = [norm(r) for r in got.get("review_reasons") or []]
    for p in exp.get("reasons") or []:
        if not any(norm(p) in r for r in reasons):
            bad.append("want a review reason with %r, got %r" % (p, got.get("review_reasons")))
    for p in exp.get("no_reasons") or []:
        if any(norm(p) in r for r in reasons):
            bad.append("want no review reason with %r, got %r" % (p, got.get("review_reasons")))
    return bad


def main():
    exps = json.load(open(sys.argv[1]))
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    got = {}
    for line in sys.stdin:
        if line.strip():
            r = json.loads(line)
            got[os.path.basename(r.get("file", ""))] = r
    passed = failed = 0
    where = os.path.basename(os.path.dirname(os.path.abspath(sys.argv[1])))
    for exp in exps:
        n += 1
        f = exp["file"]
        what = exp.get("what", "")
        r = got.get(f)
        bad = ["no output for it"] if r is None else check(exp, r)
        label = "%s/%s%s" % (where, f, (": " + what) if what else "")
        if bad:
            failed += 1
            print("not ok %d - %s" % (n, label))
            for b in bad:
                print("#   " + b)
        else:
            passed += 1
            print("ok %d - %s" % (n, label))
    print("#counts %d %d" % (passed, failed))


if __name__ == "__main__":
    main()
