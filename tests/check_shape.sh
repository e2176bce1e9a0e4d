#!/bin/sh
# SPDX-License-Identifier: ISC
# check_shape.sh - the shape of the tree (issue 11), checked in make check.
#
#  1. No .c or .h file in src/ is over 800 lines.
#  2. inotify_add_watch is called only in src/core (file identity and
#     inotify belong to the core's live session).
#  3. No #include circle between src/tui modules: module M is M.c and M.h;
#     M -> N when either includes "N.h" and N.h is in src/tui.
#  4. The view draws a read-only view (view.h): src/tui/draw.c includes
#     neither app.h nor a feature's insides (*_priv.h).
#
# Each has an allow-list of today's offenders in tests/shape/*.allow, every
# entry with a comment saying why and which issue removes it.  An entry
# that is no longer needed is reported (a "#" line) but does not fail, so
# that the branch that fixes an offender and the one that empties the
# list can land in either order.  The lists issue 11 emptied (inotify,
# tui-includes) must stay empty: an entry there fails (must_be_empty).
# TAP on stdout.
srcdir=${srcdir:-.}
top=$srcdir
shape=$top/tests/shape
max=800
failed=0

# allowed FILE: the entries of allow-list FILE, comments and blanks removed.
allowed() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$shape/$1"
}

# must_be_empty FILE: print FILE's entries, if any, as a failure reason.
must_be_empty() {
	left=$(allowed "$1" | tr '\n' ',' | sed 's/,$//')
	[ -z "$left" ] || printf ' %s must stay empty (issue 11), has: %s' \
	    "$1" "$left"
}

# in_list WORD LIST: true when the line WORD is in the newline-separated LIST.
in_list() {
	printf '%s\n' "$2" | grep -qxF -- "$1"
}

# The sources under src/, relative to the top (never build products).
sources=$(cd "$top" && find src -type f \( -name '*.c' -o -name '*.h' \) |
    LC_ALL=C sort)
if [ -z "$sources" ]; then
	echo "Bail out! no sources under $top/src"
	exit 1
fi

echo "1..4"

# 1. File sizes.
allow=$(allowed long-files.allow)
bad=""
for f in $sources; do
	lines=$(wc -l < "$top/$f")
	if [ "$lines" -gt $max ] && ! in_list "$f" "$allow"; then
		bad="$bad $f($lines)"
	fi
done
for f in $allow; do
	if [ ! -f "$top/$f" ] || [ "$(wc -l < "$top/$f")" -le $max ]; then
		echo "# long-files.allow: $f is not over $max lines: remove it"
	fi
done
if [ -n "$bad" ]; then
	echo "not ok 1 - files in src/ over $max lines:$bad"
	failed=1
else
	echo "ok 1 - no file in src/ is over $max lines (allowed today: $(echo $allow))"
fi

# 2. inotify outside the core.
allow=$(allowed inotify.allow)
users=$(cd "$top" && grep -l 'inotify_add_watch' $sources)
bad=""
for f in $users; do
	case $f in
	src/core/*)	;;
	*)		in_list "$f" "$allow" || bad="$bad $f" ;;
	esac
done
for f in $allow; do
	in_list "$f" "$users" ||
	    echo "# inotify.allow: $f no longer calls inotify_add_watch: remove it"
done
bad="$bad$(must_be_empty inotify.allow)"
if [ -n "$bad" ]; then
	echo "not ok 2 - inotify_add_watch outside src/core:$bad"
	failed=1
else
	echo "ok 2 - inotify_add_watch only in src/core (allowed today: $(echo $allow))"
fi

# 3. Include circles in src/tui: the edges, less the allowed ones, then a
# depth-first search for a back edge (awk; recursion with local arrays is
# not portable, so the path is kept by hand).
edges=$(cd "$top/src/tui" && for f in *.c *.h; do
	from=${f%.*}
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f" |
	while read -r to; do
		[ -f "$to.h" ] && [ "$to" != "$from" ] && echo "$from $to"
	done
done | LC_ALL=C sort -u)
allow=$(allowed tui-includes.allow)
for e in $(printf '%s\n' "$allow" | tr ' ' ':'); do
	in_list "$(echo "$e" | tr ':' ' ')" "$edges" ||
	    echo "# tui-includes.allow: \"$(echo "$e" | tr ':' ' ')\" is no longer an include: remove it"
done
circle=$(printf '%s\n' "$edges" | ALLOW=$allow awk '
	BEGIN {
		n = split(ENVIRON["ALLOW"], a, "\n")
		for (i = 1; i <= n; i++)
			skip[a[i]] = 1
	}
	NF == 2 && !($0 in skip) {
		succ[$1] = succ[$1] " " $2
		node[$1] = node[$2] = 1
	}
	# Iterative DFS from every node; state 1 = on the path, 2 = done.
	END {
		for (s in node) {
			if (state[s] == 2)
				continue
			depth = 1; path[1] = s; state[s] = 1; next_i[1] = 1
			while (depth > 0) {
				v = path[depth]
				k = split(succ[v], out, " ")
				if (next_i[depth] > k) {
					state[v] = 2; depth--
					continue
				}
				w = out[next_i[depth]++]
				if (state[w] == 1) {
					line = w
					for (i = depth; i >= 1 && path[i] != w; i--)
						line = path[i] " -> " line
					print w " -> " line
					exit
				}
				if (state[w] == 0) {
					depth++; path[depth] = w; state[w] = 1
					next_i[depth] = 1
				}
			}
		}
	}')
left=$(must_be_empty tui-includes.allow)
if [ -n "$circle" ]; then
	echo "not ok 3 - an #include circle in src/tui: $circle"
	failed=1
elif [ -n "$left" ]; then
	echo "not ok 3 - allowed include edges:$left"
	failed=1
else
	echo "ok 3 - no #include circle between src/tui modules (allowed edges today: $(printf '%s\n' "$allow" | tr '\n' ',' | sed 's/,$//'))"
fi

# 4. The view knows no app and no feature's insides.
bad=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\(app\.h\|[a-z_]*_priv\.h\)".*/\1/p' \
    "$top/src/tui/draw.c" | tr '\n' ' ')
if [ -n "$bad" ]; then
	echo "not ok 4 - src/tui/draw.c includes $bad(it draws a struct view)"
	failed=1
else
	echo "ok 4 - src/tui/draw.c draws a struct view: no app.h, no *_priv.h"
fi
exit $failed
