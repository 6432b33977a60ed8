#!/usr/bin/env python3
"""doc_commands.py FILE... — the ykien and ykiend command lines the documents
show, one per line: FILE<TAB>PROGRAM<TAB>SUBCOMMAND<TAB>OPTIONS (space
separated).  Only text shown as code counts: Markdown code spans, fenced
and indented blocks; in a man page the SYNOPSIS, .EX blocks and the
arguments of font macros (.B, .BR, ...), not the prose around them."""
import re
import sys

ROFF_ESC = [(r'\\f[BIRP]', ''), (r'\\f\(..', ''), (r'\\-', '-'), (r'\\\(dq', '"'),
            (r'\\\(lq', '"'), (r'\\\(rq', '"'), (r'\\~', ' '), (r'\\&', ''),
            (r'\\e', lambda m: '\\'), (r'\\\(em', '-')]
FONT = re.compile(r'^\.(B|I|BR|RB|BI|IB|IR|RI|SM|SB)\s+(.*)$')


def unroff(s):
    for a, b in ROFF_ESC:
        s = re.sub(a, b, s)
    return s


def macro_args(rest):
    # ".BR a b" alternates fonts between arguments: the words, unquoted
    return ' '.join(w.strip('"') for w in re.findall(r'"[^"]*"|\S+', rest))


def roff_code(text):
    out, synopsis, in_ex, cur = [], False, False, []
    for line in text.split('\n'):
        if line.startswith('.SH'):
            if cur:
                out.append(' '.join(cur))
                cur = []
            synopsis = 'SYNOPSIS' in line
            continue
        if line.startswith('.EX'):
            in_ex = True
            continue
        if line.startswith('.EE'):
            in_ex = False
            continue
        if in_ex:
            out.append(unroff(line))
            continue
        if synopsis:
            # one command line from one ".B ykien" to the next ".br"
            if line.startswith('.br') or line.startswith('.PP'):
                out.append(' '.join(cur))
                cur = []
                continue
            m = FONT.match(line)
            cur.append(unroff(macro_args(m.group(2)) if m else line.lstrip('.')))
            continue
        m = FONT.match(line)
        if m:
            out.append(unroff(macro_args(m.group(2))))
    if cur:
        out.append(' '.join(cur))
    return out


def md_code(text):
    out, fence = [], False
    for line in text.split('\n'):
        if line.lstrip().startswith('```'):
            fence = not fence
            continue
        if fence or line.startswith('    '):
            out.append(re.sub(r'(^|\s)#.*', '', line))   # not the comments
            continue
        out.extend(re.findall(r'`([^`]+)`', line))
    return out


SEP = re.compile(r'&&|\|\||;|\||\$\(|`|\)')
HEAD = re.compile(r'^\s*(?:\$\s+|sudo\s+|Exec\w*=[-@+!]*)?(?:\S*/)?(ykiend?)(?:\s+(.*))?$')


def commands(code_lines):
    for line in code_lines:
        # a command starts a line or follows a shell separator; elsewhere
        # "ykiend" is a unit or user name, "/var/lib/ykien" a folder
        for seg in SEP.split(line):
            m = HEAD.match(seg)
            if not m:
                continue
            prog, rest = m.group(1), m.group(2) or ''
            rest = re.split(r'\s[#<>]|\s\d?>|^[#<>]', ' ' + rest, 1)[0]
            words = rest.replace('[', ' ').replace(']', ' ').split()
            sub, opts, i = '', [], 0
            while i < len(words):
                w = words[i]
                i += 1
                if w in ('-c', '--config'):
                    i += 1
                elif w.startswith('-'):
                    opts.append(w.split('=')[0])
                elif prog == 'ykien' and not sub:
                    if not re.fullmatch(r'[a-z][a-z-]*', w):
                        break
                    sub = w
            if not sub and not opts:
                continue            # "ykiend (8)", "ykien" alone: a name, not a command line
            yield prog, sub, opts


for f in sys.argv[1:]:
    text = open(f, encoding='utf-8').read()
    lines = roff_code(text) if re.search(r'\.[158]$', f) else md_code(text)
    for prog, sub, opts in commands(lines):
        print('%s\t%s\t%s\t%s' % (f, prog, sub, ' '.join(opts)))
