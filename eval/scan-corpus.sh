#!/usr/bin/env bash
# Scans every repository of eval/corpus.tsv (or only those named after CORPUS_DIR) with the command-line tool
# and writes eval/results/<owner>+<name>.jsonl (rule, file, line, line hash, message: no third-party code)
# and a row per repository in eval/results/summary.tsv (the full JSON reports go to CORPUS_DIR/.scans/).
#
#   eval/scan-corpus.sh CORPUS_DIR [owner/name ...]
#
# CORPUS_DIR holds each repository checked out at the commit of corpus.tsv in CORPUS_DIR/<owner>+<name>/.
# File paths in the results are relative to the repository's root, whatever folder its scanned solution is in.
set -euo pipefail

if [[ $# -lt 1 || ! -d "$1" ]]; then
  echo "usage: $0 CORPUS_DIR [owner/name ...]" >&2
  exit 2
fi
corpus_dir=$(cd "$1" && pwd)
shift
selected=("$@")

eval_dir=$(cd "$(dirname "$0")" && pwd)
repo_root=$(dirname "$eval_dir")
results_dir="$eval_dir/results"
mkdir -p "$results_dir"

dotnet build "$repo_root/src/Cli/SocketAnalyzers.Cli.csproj" -c Release -nologo -v quiet >/dev/null
cli=(dotnet "$repo_root/src/Cli/bin/Release/net10.0/SocketAnalyzers.Cli.dll")

summary="$results_dir/summary.tsv"
# The rules that do not read the shared flow analysis (SOCK001, SOCK005, SOCK007, SOCK008): the retry of a crashed scan.
partial_rules=${PARTIAL_RULES:-SOCK002,SOCK003,SOCK004,SOCK006}
if [[ ${#selected[@]} -eq 0 || ! -f "$summary" ]]; then
  printf 'repo\tcommit\tscan\tprojects\tmsbuild\tsource_only\tfiles\tcompile_errors\tfindings\tby_rule\tcrashes\tseconds\texit\tnote\n' > "$summary"
fi

tail -n +2 "$eval_dir/corpus.tsv" | while IFS=$'\t' read -r repo commit _files _lines entry; do
  if [[ ${#selected[@]} -gt 0 && ! " ${selected[*]} " =~ " $repo " ]]; then
    continue
  fi

  name=${repo/\//+}
  repo_dir="$corpus_dir/$name"
  if [[ ! -d "$repo_dir" ]]; then
    echo "$repo: not in $corpus_dir, skipped" >&2
    continue
  fi

  if [[ -d "$repo_dir/.git" ]]; then
    head=$(git -C "$repo_dir" rev-parse HEAD)
    [[ "$head" == "$commit" ]] || echo "$repo: checked out at $head, corpus.tsv says $commit" >&2
  fi

  echo "scanning $repo ($entry)" >&2
  grep -v -P "^\Q$repo\E\t" "$summary" > "$summary.new" || true
  mv "$summary.new" "$summary"
  report=$(mktemp)
  exit_code=0
  # </dev/null: a child restore must never wait for input when this runs unattended.
  "${cli[@]}" scan "$repo_dir/$entry" --format json --output "$report" --no-progress </dev/null || exit_code=$?
  note=""
  if [[ $exit_code -ge 128 ]]; then
    # The process died (an analyzer's stack overflow cannot be caught as AD0001). The rules outside the shared
    # per-method flow analysis still give results; the summary marks them partial.
    echo "$repo: the scan process died (exit $exit_code); rescanning with --rules $partial_rules only" >&2
    note="partial: process died (exit $exit_code) with all rules; only $partial_rules"
    exit_code=0
    "${cli[@]}" scan "$repo_dir/$entry" --format json --output "$report" --no-progress --rules "$partial_rules" </dev/null || exit_code=$?
  fi
  if [[ $exit_code -ge 2 ]]; then
    echo "$repo: scan failed (exit $exit_code)" >&2
    printf '%s\t%s\t%s\t\t\t\t\t\t\t\t\t\t%s\t%s\n' "$repo" "$commit" "$entry" "$exit_code" "$note" >> "$summary"
    rm -f "$report"
    continue
  fi

  # Paths in the report are relative to the scanned solution's folder; results name them from the repository's root.
  prefix=$(dirname "$entry")
  [[ "$prefix" == "." ]] && prefix="" || prefix="$prefix/"
  jq -c --arg prefix "$prefix" --arg repo_dir "$repo_dir/" '
    .findings[]
    | {rule, file: (if (.file | startswith("/")) then (.file | ltrimstr($repo_dir)) else ($prefix + .file) end), line, lineHash, message}' \
    "$report" > "$results_dir/$name.jsonl"

  jq -r --arg repo "$repo" --arg commit "$commit" --arg entry "$entry" --arg exit "$exit_code" --arg note "$note" '
    [ $repo, $commit, $entry,
      (.projects | length),
      ([.projects[] | select(.loadMode == "msbuild")] | length),
      ([.projects[] | select(.loadMode == "source-only")] | length),
      ([.projects[].sourceFiles] | add // 0),
      ([.projects[].compileErrors] | add // 0),
      (.findings | length),
      ([.findings[].rule] | group_by(.) | map("\(.[0])=\(length)") | join(" ")),
      (.crashes | length),
      ((.elapsedMs / 1000) | floor),
      $exit, $note ] | @tsv' "$report" >> "$summary"
  # The full report (load modes, fallback reasons, timings) stays beside the corpus: it names absolute paths.
  mkdir -p "$corpus_dir/.scans"
  mv "$report" "$corpus_dir/.scans/$name.json"
done
