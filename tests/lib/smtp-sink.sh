#!/usr/bin/env bash
# A private SMTP server for the tests (tests/lib/smtp_sink.py, Debian's
# python3-aiosmtpd) on a free port of 127.0.0.1.  Source after tap.sh,
# dovecot.sh (free_port) and ykien-env.sh (YK_TOP):
#   smtp_sink_available       -> false (and a SKIP said) without aiosmtpd
#   start_sink DIR [OPTIONS]  -> $SINK_PORT, $SINK_PID; stops the previous one
#   stop_sink
#   msgs DIR                  -> how many messages the server stored in DIR
#   sink_conf OUT DIR [SETTING...] -> a configuration mailing to the sink
SINK_PY=/usr/bin/python3   # Debian's python, where python3-aiosmtpd lives
SINK_PID=

smtp_sink_available() {
    "$SINK_PY" -c 'import aiosmtpd' 2>/dev/null && return 0
    skip "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)"
    return 1
}

stop_sink() {
    if [ -n "$SINK_PID" ]; then
        kill "$SINK_PID" 2>/dev/null
        wait "$SINK_PID" 2>/dev/null
        SINK_PID=
    fi
}

start_sink() {
    local d=$1; shift
    stop_sink
    mkdir -p "$d"
    SINK_PORT=$(free_port)
    "$SINK_PY" "$YK_TOP/tests/lib/smtp_sink.py" --port "$SINK_PORT" --dir "$d" "$@" \
        2> "$d.log" &
    SINK_PID=$!
    for _ in $(seq 100); do
        [ -f "$d/ready" ] && return 0
        sleep 0.1
    done
    return 1
}

msgs() { find "$1" -name '*.eml' | wc -l; }

# sink_conf OUT DIR [SETTING...]: the demo configuration without its
# campaigns (database and archive in DIR) and an smtp group sending to the
# sink on $SINK_PORT, with each SETTING line added; the caller appends its
# "campaigns = ( ... );"
sink_conf() {
    local out=$1 dir=$2 line
    shift 2
    mkdir -p "$dir"
    sed -e '/^campaigns = (/,$d' -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$dir#g" \
        "$YK_TOP/conf/demo.conf" > "$out"
    {
        echo 'smtp = {'
        echo "  url = \"smtp://127.0.0.1:$SINK_PORT\";"
        echo '  from = "Văn phòng UBND tỉnh Sóc Trăng <tonghop@soctrang.example>";'
        echo '  allow_plaintext = true;'
        echo '  timeout = 20;'
        for line in "$@"; do echo "  $line"; done
        echo '};'
    } >> "$out"
}
