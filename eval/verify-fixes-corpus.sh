#!/usr/bin/env bash
# Runs `socketanalyzers scan --verify-fixes` on every repository of eval/corpus.tsv (or only those named after
# CORPUS_DIR): every code action offered for every finding is applied to an in-memory copy, compiled and analyzed
# again. Writes eval/results/verify-fixes.tsv (per rule: findings, actions tried, compile-breaking, diagnostic left,
# new SOCK diagnostic, failed; findings and those with a fix) and eval/results/verify-fixes-actions.tsv (one row per action: rule, file, line,
# action, what broke; no third-party code). The full JSON reports go to CORPUS_DIR/.verify-fixes/.
#
#   eval/verify-fixes-corpus.sh CORPUS_DIR [owner/name ...]
#   AGGREGATE_ONLY=1 eval/verify-fixes-corpus.sh CORPUS_DIR      # only the aggregate, from the reports there
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
reports_dir="$corpus_dir/.verify-fixes"
mkdir -p "$results_dir" "$reports_dir"

# AGGREGATE_ONLY=1: no scan, only the aggregate of the reports already in CORPUS_DIR/.verify-fixes/.
if [[ -z "${AGGREGATE_ONLY:-}" ]]; then
  dotnet build "$repo_root/src/Cli/SocketAnalyzers.Cli.csproj" -c Release -nologo -v quiet >/dev/null
fi
cli=(dotnet "$repo_root/src/Cli/bin/Release/net10.0/SocketAnalyzers.Cli.dll")

tail -n +2 "$eval_dir/corpus.tsv" | while IFS=$'\t' read -r repo commit _files _lines entry; do
  if [[ -n "${AGGREGATE_ONLY:-}" ]] || [[ ${#selected[@]} -gt 0 && ! " ${selected[*]} " =~ " $repo " ]]; then
    continue
  fi

  name=${repo/\//+}
  repo_dir="$corpus_dir/$name"
  if [[ ! -d "$repo_dir" ]]; then
    echo "$repo: not in $corpus_dir, skipped" >&2
    continue
  fi

  echo "$(date -u +%H:%M:%S) verifying fixes in $repo ($entry)" >&2
  exit_code=0
  # </dev/null: a child restore must never wait for input when this runs unattended.
  "${cli[@]}" scan "$repo_dir/$entry" --verify-fixes --format json --output "$reports_dir/$name.json" --no-progress </dev/null || exit_code=$?
  if [[ $exit_code -ge 2 ]]; then
    echo "$repo: scan failed (exit $exit_code)" >&2
    rm -f "$reports_dir/$name.json"
  fi
done

# The aggregate over every report present (a rerun of some repositories keeps the others' reports).
prefixes=$(tail -n +2 "$eval_dir/corpus.tsv" | awk -F'\t' '{ name = $1; sub("/", "+", name); dir = $5; sub("/?[^/]*$", "", dir); print name "\t" dir }')
{
  printf 'repo\trule\tfile\tline\taction\tnew_errors\tdiagnostic_left\tnew_sock\tms\tfailure\tfirst_errors\tnew_sock_diagnostics\n'
  for report in "$reports_dir"/*.json; do
    [[ -e "$report" ]] || continue
    name=$(basename "$report" .json)
    prefix=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' <<<"$prefixes")
    [[ -n "$prefix" ]] && prefix="$prefix/"
    jq -r --arg repo "${name/+//}" --arg prefix "$prefix" --arg repo_dir "$corpus_dir/$name/" '
      (.fixVerification.checks // [])[]
      | [ $repo, .rule, (if (.file | startswith("/")) then (.file | ltrimstr($repo_dir)) else ($prefix + .file) end), .line, .action, .newErrors, .diagnosticRemains, (.newSockDiagnostics | length), .ms,
          (.failure // ""), (.firstNewErrors | join(" | ")), (.newSockDiagnostics | join(" | ")) ] | @tsv' "$report"
  done
} > "$results_dir/verify-fixes-actions.tsv"

findings=$(for report in "$reports_dir"/*.json; do
  [[ -e "$report" ]] || continue
  jq -r --arg repo "$(basename "$report" .json)" '.findings[] | [$repo, .rule, .file, .line] | @tsv' "$report"
done)

{
  printf 'rule\tfindings\tfindings_with_fix\tactions\tcompile_breaking\tdiagnostic_left\tnew_sock_diagnostic\tfailed\tseconds\n'
  {
    printf '%s\n' "$findings" | awk -F'\t' 'NF { print "finding\t" $2 }'
    tail -n +2 "$results_dir/verify-fixes-actions.tsv" | awk -F'\t' '{ print "action\t" $0 }'
  } | awk -F'\t' '
    $1 == "finding" { findings[$2]++; rules[$2] = 1; next }
    { rule = $3; rules[rule] = 1; actions[rule]++; fixed[rule "\t" $2 "\t" $4 "\t" $5] = 1
      if ($7 > 0) errors[rule]++
      if ($8 == "true") left[rule]++
      if ($9 > 0) sock[rule]++
      if ($11 != "") failed[rule]++
      ms[rule] += $10 }
    END {
      for (key in fixed) { split(key, parts, "\t"); withFix[parts[1]]++ }
      for (rule in rules) printf "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\n", rule, findings[rule], withFix[rule], actions[rule], errors[rule], left[rule], sock[rule], failed[rule], ms[rule] / 1000
    }' | sort
} > "$results_dir/verify-fixes.tsv"

cat "$results_dir/verify-fixes.tsv"
