#!/usr/bin/env bash
# Sets up a tmux session for watching an RL run: one window, three titled panes.
#   Trainer       a shell in the repository, ready for `swift run rl ...`
#   Orchestrator  follows {output_dir}/logs/orchestrator.stdout
#   Inference     follows {output_dir}/logs/inference.stdout
# If the session already exists, attaches to it instead of creating a second one.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: scripts/tmux.sh [-s|--session-name NAME] [-o|--output-dir DIR] [-d|--detach] [-h|--help]
       scripts/tmux.sh [SESSION [OUTPUT_DIR]]

Opens (or re-attaches to) a tmux session with three panes:
  Trainer       a shell in the repository, ready for `swift run rl ...`
  Orchestrator  follows OUTPUT_DIR/logs/orchestrator.stdout
  Inference     follows OUTPUT_DIR/logs/inference.stdout
The panes keep following when the files do not exist yet, are truncated, or are replaced by a new run
(including a new run replacing the `logs` symlink).

Options:
  -s, --session-name NAME  tmux session name (default: runlog)
  -o, --output-dir DIR     the run's output directory (default: outputs in the repository; a relative
                           DIR is taken from the current directory)
  -d, --detach             create the session (if needed) but do not attach to it;
                           the environment variable RUNLOG_TMUX_DETACH=1 does the same
  -h, --help               show this help

Inside the session, `swift run runlog follow OUTPUT_DIR` shows every log of the run merged in one stream.
EOF
}

die() {
    printf 'tmux.sh: %s\n' "$1" >&2
    exit 2
}

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
session=""
output_dir=""
detach="${RUNLOG_TMUX_DETACH:-0}"
positional=()

while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help)
            usage
            exit 0
            ;;
        -s | --session-name)
            [ $# -ge 2 ] || die "$1 needs a value, for example: $1 my-run"
            session="$2"
            shift 2
            ;;
        --session-name=*)
            session="${1#*=}"
            shift
            ;;
        -o | --output-dir)
            [ $# -ge 2 ] || die "$1 needs a value, for example: $1 outputs"
            output_dir="$2"
            shift 2
            ;;
        --output-dir=*)
            output_dir="${1#*=}"
            shift
            ;;
        -d | --detach)
            detach=1
            shift
            ;;
        --)
            shift
            positional+=("$@")
            break
            ;;
        -*)
            die "unknown option '$1' (see scripts/tmux.sh -h)"
            ;;
        *)
            positional+=("$1")
            shift
            ;;
    esac
done

if [ ${#positional[@]} -gt 2 ]; then
    die "too many arguments: expected [SESSION [OUTPUT_DIR]] (see scripts/tmux.sh -h)"
fi
if [ ${#positional[@]} -ge 1 ]; then
    [ -z "$session" ] || die "the session name is given twice (as -s and as an argument): give it once"
    session="${positional[0]}"
fi
if [ ${#positional[@]} -ge 2 ]; then
    [ -z "$output_dir" ] || die "the output directory is given twice (as -o and as an argument): give it once"
    output_dir="${positional[1]}"
fi

session="${session:-runlog}"
output_dir="${output_dir:-$repo_dir/outputs}"

# tmux uses ':' and '.' to separate session, window and pane in targets.
case "$session" in
    *[:.]* | "") die "invalid session name '$session': use a name without ':' or '.', for example: runlog" ;;
esac

command -v tmux >/dev/null 2>&1 || die "tmux is not installed: install it (for example: apt-get install tmux)"

# The panes follow paths through `logs`, so a relative directory is made absolute now.
case "$output_dir" in
    /*) ;;
    *) output_dir="$PWD/$output_dir" ;;
esac
logs_dir="$output_dir/logs"

attach() {
    if [ "$detach" = "1" ]; then
        printf 'tmux session %s is ready; attach with: tmux attach -t %q\n' "$session" "$session"
        return 0
    fi
    if [ -n "${TMUX:-}" ]; then
        exec tmux switch-client -t "=$session"
    fi
    exec tmux attach-session -t "=$session"
}

if tmux has-session -t "=$session" 2>/dev/null; then
    attach
    exit 0
fi

# GNU tail's inotify mode watches the directory the name resolved to when it started, so it would miss a
# new run that replaces the `logs` symlink; its polling mode re-resolves the name twice a second.
tail_args=(-n +1 -F)
if tail --version >/dev/null 2>&1; then
    tail_args+=(-s 0.5 ---disable-inotify)
fi

# Every pane command is passed to tmux as separate arguments, so tmux runs it without a shell and no path
# is ever re-parsed; the file name reaches bash as "$1".
follow_script='printf "following %s\n" "$1"; exec tail "${@:2}" -- "$1"'

trainer_pane="$(tmux new-session -d -P -F '#{pane_id}' -s "$session" -n rl -c "$repo_dir")"
tmux set-option -t "$trainer_pane" pane-border-status top >/dev/null
# The border shows a user option rather than the pane title: programs in a pane can retitle it with an
# escape sequence, and the titles are what a reader goes by.
tmux set-option -t "$trainer_pane" pane-border-format ' #{?@runlog_title,#{@runlog_title},#{pane_title}} ' >/dev/null
tmux set-option -w -t "$trainer_pane" allow-rename off >/dev/null
tmux set-option -w -t "$trainer_pane" automatic-rename off >/dev/null

orchestrator_pane="$(
    tmux split-window -h -P -F '#{pane_id}' -t "$trainer_pane" -c "$repo_dir" \
        -- bash -c "$follow_script" follow "$logs_dir/orchestrator.stdout" "${tail_args[@]}"
)"
inference_pane="$(
    tmux split-window -v -P -F '#{pane_id}' -t "$orchestrator_pane" -c "$repo_dir" \
        -- bash -c "$follow_script" follow "$logs_dir/inference.stdout" "${tail_args[@]}"
)"

title_pane() {
    tmux set-option -p -t "$1" @runlog_title "$2" >/dev/null
    tmux select-pane -t "$1" -T "$2"
}
title_pane "$trainer_pane" Trainer
title_pane "$orchestrator_pane" Orchestrator
title_pane "$inference_pane" Inference
tmux select-pane -t "$trainer_pane"

attach
