# SPDX-License-Identifier: MIT
# bash completion for konorm(1).  Installed into
# share/bash-completion/completions/konorm; the option lists follow each
# command's --help.

_konorm_options()
{
	case $1 in
	normalize)
		echo "-f --form -j --compose-jamo --replace -c --check
		      --line-buffered --jsonl --on-error --jobs -o --output
		      -q --quiet -h --help" ;;
	keyboard)
		echo "-t --to -o --output --replace --line-buffered -h --help" ;;
	detect)
		echo "--json -a --all -m --max-bytes -p --prefer -L --lang
		      -h --help" ;;
	scan)
		echo "--json --html --kinds --sensitivity --bom --fix --dry-run
		      --jsonl --on-error --jobs -q --quiet -o --output
		      --line-buffered -h --help" ;;
	romanize)
		echo "-s --system -p --proper --place -n --name --hyphen
		      --hyphen-ambiguous --surname --ascii -r --reverse
		      --no-number-reading --jsonl --on-error --jobs -q --quiet -o --output
		      --line-buffered -h --help" ;;
	fix)
		echo "--explain --json --no-normalize --replace --line-buffered
		      --jsonl --on-error --jobs -q --quiet -o --output -h
		      --help" ;;
	convert)
		echo "-f --from -t --to -c --replace --keep-bom --won-sign
		      -m --max-bytes -l --list -q --quiet -o --output -h
		      --help" ;;
	rename)
		echo "--apply -r --recursive -x --one-file-system -f --from -q
		      --quiet -h --help" ;;
	esac
}

# The encodings konorm knows, from the binary itself.
_konorm_encodings()
{
	"${COMP_WORDS[0]}" convert --list 2>/dev/null
}

_konorm()
{
	local cur prev cmd
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "normalize keyboard detect scan romanize
			fix convert rename --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}

	# Option arguments.
	case "$cmd:$prev" in
	normalize:-f | normalize:--form)
		COMPREPLY=($(compgen -W "nfc nfd nfkc nfkd" -- "$cur"))
		return ;;
	normalize:--on-error | romanize:--on-error | fix:--on-error | \
	scan:--on-error)
		COMPREPLY=($(compgen -W "pass skip fail" -- "$cur"))
		return ;;
	normalize:--jobs | romanize:--jobs | fix:--jobs | scan:--jobs)
		COMPREPLY=($(compgen -W "0 1 2 4 8" -- "$cur"))
		return ;;
	normalize:--jsonl | romanize:--jsonl | fix:--jsonl | scan:--jsonl)
		return ;;
	keyboard:-t | keyboard:--to)
		COMPREPLY=($(compgen -W "hangul qwerty" -- "$cur"))
		return ;;
	romanize:-s | romanize:--system)
		COMPREPLY=($(compgen -W "rr rr-translit mr yale" -- "$cur"))
		return ;;
	romanize:--surname)
		COMPREPLY=($(compgen -W "popular rr" -- "$cur"))
		return ;;
	scan:--kinds)
		COMPREPLY=($(compgen -W "foreign-run mixed-script-word
			invisible bidi-control mojibake wrong-layout" -- "$cur"))
		return ;;
	scan:--sensitivity)
		COMPREPLY=($(compgen -W "1 2 3 4 5 6 7 8 9" -- "$cur"))
		return ;;
	detect:-L | detect:--lang)
		COMPREPLY=($(compgen -W "ko ja zh zh-Hans zh-Hant en de fr es"
			-- "$cur"))
		return ;;
	detect:-p | detect:--prefer | convert:-t | convert:--to)
		COMPREPLY=($(compgen -W "$(_konorm_encodings)" -- "$cur"))
		return ;;
	convert:-f | convert:--from)
		COMPREPLY=($(compgen -W "auto $(_konorm_encodings)" -- "$cur"))
		return ;;
	rename:-f | rename:--from)
		COMPREPLY=($(compgen -W "CP949 EUC-KR JOHAB" -- "$cur"))
		return ;;
	*:-m | *:--max-bytes)
		return ;;
	*:-o | *:--output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_konorm_options "$cmd")" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -F _konorm konorm
