#!/usr/bin/env bash
# The documents show only commands that exist: every `ykien COMMAND` and
# `ykiend` command line that README.md, the guides (docs/guide.*.md, the
# clerk's docs/clerk.*.md) and the man pages (docs/*.[158]) show as code
# (tests/lib/doc_commands.py finds them) names a command whose --help exits
# 0, and every option it shows is one that command's --help lists.  A page
# that kept an old name, or a command that lost its --help, fails here.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"   # YK_TOP, YKIEN, YKIEND

T=$(mktemp -d /tmp/ykdocs.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$YK_TOP" || exit 1
docs=(README.md docs/guide.en.md docs/guide.vi.md docs/clerk.vi.md docs/clerk.en.md docs/ykien.1 docs/ykiend.8
      docs/ykien.conf.5)
python3 tests/lib/doc_commands.py "${docs[@]}" > "$T/cmds"
is "the extractor reads every document" "$?" 0
n=$(wc -l < "$T/cmds")
check "the documents show command lines ($n)" [ "$n" -ge 40 ]
for d in "${docs[@]}"; do
    check "$d shows at least one command line" grep -q "^$d	" "$T/cmds"
done

# shows OPTION HELPFILE: OPTION is listed in that help text
shows() { grep -qE -- "(^|[^a-zA-Z-])$1([^a-zA-Z-]|\$)" "$2"; }

"$YKIEN" --help > "$T/help.ykien"
is "ykien --help exits 0" "$?" 0
"$YKIEND" --help > "$T/help.ykiend"
is "ykiend --help exits 0" "$?" 0

# one check per distinct command, with every file that shows it
while IFS=$'\t' read -r prog sub; do
    files=$(awk -F'\t' -v p="$prog" -v s="$sub" '$2 == p && $3 == s { print $1 }' "$T/cmds" |
            sort -u | tr '\n' ' ')
    opts=$(awk -F'\t' -v p="$prog" -v s="$sub" '$2 == p && $3 == s { print $4 }' "$T/cmds" |
           tr ' ' '\n' | grep . | sort -u)
    name="$prog${sub:+ $sub}"
    if [ "$prog" = ykiend ]; then
        help=$T/help.ykiend
    elif [ -z "$sub" ]; then
        help=$T/help.ykien
    else
        help=$T/help.$sub
        "$YKIEN" "$sub" --help > "$help" 2> "$T/err"
        rc=$?
        if [ "$rc" -eq 0 ] && [ -s "$help" ]; then
            ok "$name --help exits 0 (shown in $files)"
        else
            not_ok "$name --help: exit $rc, $(head -c 200 "$T/err") (shown in $files)"
            continue
        fi
        check "$name is in ykien --help's list of commands" \
            grep -qE "^  $sub( |\$)" "$T/help.ykien"
    fi
    for o in $opts; do
        case $o in -h|--help|-c|--config) continue ;; esac
        check "$name $o (shown in $files) is in its --help" shows "$o" "$help"
    done
done < <(cut -f2,3 "$T/cmds" | sort -u)

# a command the documents do not know is refused, help or not
"$YKIEN" no-such-command --help > /dev/null 2>&1
is "ykien no-such-command --help exits 64" "$?" 64

tap_done
