# SPDX-License-Identifier: ISC
# bash completion for livehex(1): subcommands, options, value types, and
# SOURCEs: files, shm:NAME from /dev/shm, sysv:SHMID from /proc/sysvipc/shm,
# pid:PID (with the command name while more than one matches).
#
# Installed as .../bash-completion/completions/livehex; works without the
# bash-completion package too (source it from ~/.bashrc).

# The value types of poke, peek and :set.
_livehex_types="u8 i8 u16 u16le u16be i16 i16le i16be u32 u32le u32be
	i32 i32le i32be u64 u64le u64be i64 i64le i64be f32 f32le f32be
	f64 f64le f64be"

# Every SOURCE that starts with $1: files, and shm:, sysv:, pid: sources.
_livehex_sources()
{
	local cur=$1 f id pid comm
	local -a found=()

	case $cur in
	shm:*)
		for f in /dev/shm/*; do
			[[ -f $f ]] && found+=("shm:${f#/dev/shm/}")
		done
		;;
	sysv:*)
		if [[ -r /proc/sysvipc/shm ]]; then
			while read -r _ id _; do
				[[ $id == [0-9]* ]] && found+=("sysv:$id")
			done < /proc/sysvipc/shm
		fi
		;;
	pid:*)
		for f in /proc/[0-9]*; do
			pid=${f#/proc/}
			[[ pid:$pid == "$cur"* ]] || continue
			comm=$(< "$f/comm") 2>/dev/null || continue
			found+=("pid:$pid ($comm)")
		done
		# One left: the bare SOURCE, ready to use.
		if [[ ${#found[@]} -eq 1 ]]; then
			found=("${found[0]%% *}")
		fi
		;;
	*)
		local IFS=$'\n'
		found=($(compgen -f -- "$cur"))
		unset IFS
		local p
		for p in shm: sysv: pid:; do
			[[ $p == "$cur"* ]] && found+=("$p")
		done
		compopt -o filenames 2>/dev/null
		;;
	esac
	for f in "${found[@]}"; do
		[[ $f == "$cur"* ]] && COMPREPLY+=("$f")
	done
	# "shm:" and the like are not finished words.
	if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]]; then
		compopt -o nospace 2>/dev/null
	fi
}

# Complete the word being typed (the whole word, ':' included).
_livehex()
{
	local line=${COMP_LINE:0:COMP_POINT}
	local cur=${line##*[[:space:]]}
	local -a words
	read -r -a words <<< "${line%"$cur"}"
	local prev=${words[${#words[@]}-1]}
	local cmd="" opts="" i nargs=0 w
	COMPREPLY=()

	# The subcommand, and how many plain arguments come before this one.
	local takes_value="-c|--cols|--interval|--layout|--session|--at|--cflags|--create|--mode|-s|-l|-g|--count|--pid|--writer|--lesson|-n|--until|--timeout|--pin|-o|--output|--duration|--max-size|--cpu|--speed|--layout-at|--log-size"
	for ((i = 1; i < ${#words[@]}; i++)); do
		w=${words[i]}
		if [[ -z $cmd && $i -eq 1 ]] &&
		    [[ $w == @(dump|poke|peek|load|watch|list|demo|record|replay|help) ]]; then
			cmd=$w
			continue
		fi
		if [[ $w == -* ]]; then
			# -p takes a PID for list only (dump -p is plain hex).
			[[ $w == @($takes_value) || $w == -p && $cmd == list ]] &&
			    ((i++))
			continue
		fi
		((nargs++))
	done

	[[ $prev == -p && $cmd != list ]] && prev=""
	case $prev in
	--layout|--session|--writer|-o|--output)
		local IFS=$'\n'
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		;;
	--lesson)
		COMPREPLY=($(compgen -W "create share ab-vs-wb private msync
			torn atomic" -- "$cur"))
		;;
	--pid|-p)
		COMPREPLY=($(compgen -W "$(cd /proc && echo [0-9]*)" -- "$cur"))
		;;
	-c|--cols|--interval|--log-size|--create|--mode|-s|-l|-g|--count|-n|--until|--timeout|--pin|--at|--cflags|--duration|--max-size|--cpu|--speed|--layout-at)
		;;
	*)
		case $cmd in
		"") opts="-r --readonly -c --cols --interval --no-color
			--sync-on-edit --log-size --layout --at --cflags --session
			--force-write --create --mode -h --help --version" ;;
		dump) opts="-p -i -b -e -a -C -n -s -l -c -g -u -h --help
			--version" ;;
		load) opts="--dry-run --force-write -s -h --help --version" ;;
		poke) opts="--sync --force-write --layout --at --cflags -h
			--help --version" ;;
		peek) opts="--layout --at --cflags -h --help --version" ;;
		watch) opts="-s -l --interval --count --until --timeout --pin
			--json --layout --at --cflags -h --help --version" ;;
		list) opts="-p --pid -h --help --version" ;;
		demo) opts="--writer --force --lesson --lessons -h --help
			--version" ;;
		record) opts="-o --output --duration --max-size --cpu --force -h
			--help --version" ;;
		replay) opts="--at --speed --paused --layout --layout-at --cflags
			-c --cols --no-color -h --help --version" ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		elif [[ $cmd == help ]]; then
			[[ $nargs -eq 0 ]] && COMPREPLY=($(compgen -W \
			    "dump poke peek load watch list demo record replay" \
			    -- "$cur"))
		elif [[ -z $cmd && ${#words[@]} -eq 1 ]]; then
			COMPREPLY=($(compgen -W \
			    "dump poke peek load watch list demo record replay help" \
			    -- "$cur"))
			_livehex_sources "$cur"
		elif [[ $cmd == peek && $nargs -eq 2 ]]; then
			COMPREPLY=($(compgen -W "$_livehex_types bytes: text:" \
			    -- "$cur"))
			[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] &&
			    compopt -o nospace 2>/dev/null
		elif [[ $cmd == poke && $nargs -ge 2 ]]; then
			local t
			for t in $_livehex_types hex text; do
				[[ $t: == "$cur"* ]] && COMPREPLY+=("$t:")
			done
			compopt -o nospace 2>/dev/null
		elif [[ $cmd == load && $nargs -eq 1 ]]; then
			local IFS=$'\n'
			COMPREPLY=($(compgen -f -- "$cur"))
			compopt -o filenames 2>/dev/null
		elif [[ $cmd == @(list|demo) || $nargs -ge 1 && $cmd != poke &&
		    $cmd != peek ]]; then
			:
		elif [[ $nargs -eq 0 ]]; then
			_livehex_sources "$cur"
		fi
		;;
	esac

	# bash splits words at ':': give back only what follows the last one.
	if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
		local colon=${cur%"${cur##*:}"}
		i=${#COMPREPLY[@]}
		while ((i-- > 0)); do
			COMPREPLY[i]=${COMPREPLY[i]#"$colon"}
		done
	fi
	return 0
}

complete -F _livehex livehex
