#!/usr/bin/env bash
# Acknowledgments of receipt: one per reply, never to an auto-reply, a
# bounce or an unassigned sender; and no loop: the agency's side answers
# every mail it gets with an auto-reply, and after several cycles exactly
# one acknowledgment has been sent.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
PY=/usr/bin/python3

T=$(mktemp -d /tmp/ykack.XXXXXX)
sink=
trap '[ -n "$sink" ] && kill $sink 2>/dev/null; ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
SINK_PORT=$(free_port)
"$PY" "$YK_TOP/tests/lib/smtp_sink.py" --port "$SINK_PORT" --dir "$T/mail" 2> "$T/sink.log" &
sink=$!
for _ in $(seq 100); do [ -f "$T/mail/ready" ] && break; sleep 0.1; done
check "SMTP server (aiosmtpd) listens" [ -f "$T/mail/ready" ]
cat >> "$YK_CONF" <<CONF
smtp = {
  url = "smtp://127.0.0.1:$SINK_PORT";
  from = "Văn phòng UBND tỉnh Sóc Trăng <tonghop@soctrang.example>";
  allow_plaintext = true;
};
office = { parent_body = "UBND tỉnh Sóc Trăng"; issuing_body = "Sở Nội vụ";
           contact = "Phòng CCHC, Sở Nội vụ, điện thoại 0299 3822 000"; };
CONF
sed -i 's|^    agencies = "all"; }|    agencies = "all"; acknowledge = true; }|' "$YK_CONF"
"$YKIEN" -c "$YK_CONF" check-config > /dev/null
is "configuration with acknowledge = true is valid" "$?" 0

data=$YK_TOP/tests/data/replies
maildir_deliver "$data/01-snv-inline.eml"        # SNV, by its From address
maildir_deliver "$data/04-unknown-sender.eml"    # unassigned
maildir_deliver "$data/05-out-of-office.eml"     # an auto-reply
acks() { find "$T/mail" -name '*.eml' | wc -l; }

# the agency's side: every mail it receives gets an out-of-office answer
autorespond() {
    local f
    for f in "$T"/mail/*.eml; do
        [ -e "$f.answered" ] && continue
        touch "$f.answered"
        mid=$(sed -n 's/^Message-I[Dd]: *//p' "$f" | head -1 | tr -d '\r')
        printf 'From: So Noi vu <snv@soctrang.example>\nTo: tonghop@soctrang.example\nSubject: Automatic reply: out of office\nDate: Wed, 24 Jan 2024 09:00:00 +0700\nMessage-ID: <ooo-%s@soctrang.example>\nIn-Reply-To: %s\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\nI am out of the office.\n' \
            "$RANDOM$RANDOM" "$mid" > "$T/ooo.eml"
        maildir_deliver "$T/ooo.eml"
    done
}
for cycle in 1 2 3 4; do
    "$YKIEND" -c "$YK_CONF" --once 2>> "$T/daemon.log"
    autorespond
done
is "after four cycles with an auto-responder: exactly one acknowledgment" "$(acks)" 1
f=$(ls "$T"/mail/*.eml | head -1)
check "it went to SNV's registered address" grep -qx 'snv@soctrang.example' "${f%.eml}.rcpt"
check "it says Auto-Submitted: auto-replied" grep -q '^Auto-Submitted: auto-replied' "$f"
check "it refers to the reply (In-Reply-To)" grep -q '^In-Reply-To: <snv-0116@soctrang.example>' "$f"
check "its subject and key sentences, word for word, with the time of arrival" \
    "$PY" - "$f" "$T/ykien.db" <<'PY'
import datetime, email, email.policy, re, sqlite3, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
text = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
# the time the reply reached the mailbox, in Viet Nam, as the database has it
at = sqlite3.connect(sys.argv[2]).execute(
    "SELECT coalesce(received_at, filed_at) FROM messages WHERE agency = 'SNV' "
    "AND kind = 'form_reply'").fetchone()[0]
t = datetime.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=7)
late = t > datetime.datetime(2024, 1, 31, 23, 59, 59)
want = [
    "Kính gửi: Sở Nội vụ.\n\n",
    "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023 của Quý cơ quan, gửi theo "
    "Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng về việc lấy ý kiến các "
    "cơ quan, đơn vị, đã được tiếp nhận.\n\n",
    t.strftime("Thời điểm nhận: %H giờ %M ngày %d/%m/%Y.\n"),
    "Phiếu được gửi %s thời hạn (hạn gửi: ngày 31/01/2024).\n" % ("sau" if late else "trong"),
    "Trân trọng./.\n\nUBND TỈNH SÓC TRĂNG\nSỞ NỘI VỤ\n"
    "Liên hệ: Phòng CCHC, Sở Nội vụ, điện thoại 0299 3822 000\n",
]
bad = [w for w in want if w not in text]
if str(m["Subject"]) != ("Đã nhận Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm "
                         "2023 (Công văn số 118/UBND-TH)"):
    bad.append("subject %r" % str(m["Subject"]))
if "Văn phòng UBND tỉnh" in text or "{" in text:
    bad.append("a fixed office or a placeholder left")
if bad:
    print("missing:", bad, "\nin:", text)
sys.exit(1 if bad else 0)
PY
is "the out-of-office and the answer to the receipt were filed as auto-replies" "$(db "SELECT count(*) FROM messages WHERE kind = 'auto_reply'")" 2
is "one receipt recorded, sent" "$(db "SELECT count(*) FROM acks WHERE state = 'sent'")" 1
is "none to the unassigned sender" "$(grep -c nguyenvana "$T"/mail/*.rcpt)" 0

# the same reply delivered again: a duplicate, no second receipt
maildir_deliver "$data/01-snv-inline.eml"
"$YKIEND" -c "$YK_CONF" --once 2>> "$T/daemon.log"
is "a duplicate of the reply gets no second receipt" "$(acks)" 1

# an office's own receipt (receipt_template): its words, the same values
printf 'Subject: Biên nhận {code} ({reference})\n\n{issuing_body} nhận lúc {received}. {on_time}\n' \
    > "$T/bien-nhan.txt"
sed -i "s|acknowledge = true; }|acknowledge = true; receipt_template = \"$T/bien-nhan.txt\"; }|" "$YK_CONF"

# authenticity: with trusted_authserv_id, a From our server did not vouch
# for is filed, marked unverified, sent to review, and gets no receipt
sed -i "s|^  allow_plaintext = true;       # loopback only|  trusted_authserv_id = \"mx.soctrang.example\";\n  allow_plaintext = true;       # loopback only|" "$YK_CONF"
"$YKIEN" -c "$YK_CONF" check-config > /dev/null
is "trusted_authserv_id is accepted" "$?" 0
maildir_deliver "$data/02-stp-no-diacritics.eml"   # no Authentication-Results: spoofable
{ printf 'Authentication-Results: mx.soctrang.example; dkim=pass header.d=soctrang.example\n'
  cat "$data/06-syt-reply.eml"; } > "$T/syt-signed.eml"
maildir_deliver "$T/syt-signed.eml"
"$YKIEND" -c "$YK_CONF" --once 2>> "$T/daemon.log"
is "the unauthenticated STP reply is filed, marked unverified" \
    "$(db "SELECT unverified || needs_review FROM messages WHERE agency = 'STP'")" 11
check "its review reason says why" sh -c "sqlite3 '$T/ykien.db' \"SELECT parsed_json FROM messages WHERE agency = 'STP'\" | grep -q 'unverified sender: no Authentication-Results'"
is "the DKIM-signed SYT reply is verified" "$(db "SELECT unverified FROM messages WHERE agency = 'SYT'")" 0
is "a receipt goes to SYT, none to the unverified STP" "$(cat "$T"/mail/*.rcpt | sort | tr '\n' ' ')" \
    "snv@soctrang.example syt@soctrang.example "
g=$(grep -l '^To:.*syt@' "$T"/mail/*.eml | head -1)
check "the SYT receipt follows receipt_template" "$PY" - "$g" <<'PY'
import email, email.policy, re, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
text = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
ok = (str(m["Subject"]) == "Biên nhận SYT (118/UBND-TH)" and
      re.fullmatch(r"Sở Nội vụ nhận lúc \d\d giờ \d\d ngày \d\d/\d\d/\d{4}\. Phiếu được gửi "
                   r"(trong|sau) thời hạn \(hạn gửi: ngày 31/01/2024\)\.\n", text))
if not ok:
    print(repr(str(m["Subject"])), repr(text))
sys.exit(0 if ok else 1)
PY
tap_done
