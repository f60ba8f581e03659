#!/usr/bin/env bash
# Times a DataDump export of the benchmark corpus (web files and maildirs) against GNU tar
# with gzip and against tar piped into pigz -p 2, without and with OpenPGP encryption. Prints
# wall time, the ratio to "tar czf", archive size and peak memory (from /usr/bin/time -v).
# Not run in CI. Needs root (it creates a temporary user), GNU time, pigz and gpg.
#
# Usage: bench/export-vs-tar.sh [SCALE]      SCALE 1 is about 250 MB of input
# Environment:
#   DATADUMP_CORPUS_SCRIPT  corpus builder (default: ../shared/bench/make-corpus.sh from the repository root)
#   DATADUMP_JAR            the shaded jar (default: target/datadump.jar, built when missing)
#   BENCH_DIR               work folder (default: a new folder under /var/tmp, removed afterwards)
#
# The export runs through the engine's ExportOnce entry point inside the jar, which drives
# the same engine as the worker without a job store.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scale=${1:-1}
corpus_script=${DATADUMP_CORPUS_SCRIPT:-$root/../shared/bench/make-corpus.sh}
jar=${DATADUMP_JAR:-$root/target/datadump.jar}

if [ "$(id -u)" -ne 0 ]; then
  echo "export-vs-tar: run as root; the export reads files with a temporary user's identity" >&2
  exit 1
fi
for tool in /usr/bin/time pigz gpg tar setpriv useradd; do
  command -v "$tool" >/dev/null || { echo "export-vs-tar: $tool is missing" >&2; exit 1; }
done
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
fi

keep_work=${BENCH_DIR:+yes}
work=${BENCH_DIR:-$(mktemp -d /var/tmp/datadump-bench.XXXXXX)}
mkdir -p "$work"
chmod 0755 "$work"
user=ddbench$$
cleanup() {
  userdel "$user" 2>/dev/null || true
  [ -n "$keep_work" ] || rm -rf --one-file-system "$work"
}
trap cleanup EXIT

echo "export-vs-tar: building the corpus at scale $scale in $work/corpus"
"$corpus_script" "$work/corpus" "$scale"
useradd --no-create-home --user-group --shell /usr/sbin/nologin "$user"
uid=$(id -u "$user")
gid=$(id -g "$user")
chown -R "$uid:$gid" "$work/corpus/web" "$work/corpus/mail"

export GNUPGHOME="$work/gnupg"
mkdir -p "$GNUPGHOME" && chmod 0700 "$GNUPGHOME"
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "bench@example.com" rsa3072 sign,encrypt never 2>/dev/null
gpg --armor --export bench@example.com > "$work/key.asc"

mail_args=()
for maildir in "$work"/corpus/mail/example.com/*; do
  mail_args+=(--mail-home "$work/corpus/mail" --maildir "example.com/$(basename "$maildir")")
done
input_bytes=$(du -sb "$work/corpus/web" "$work/corpus/mail" | awk '{s += $1} END {print s}')
mkdir -p "$work/out"

# measure NAME OUTPUT COMMAND...: runs COMMAND under GNU time and records seconds, peak RSS and output size.
results=()
measure() {
  local name=$1 output=$2
  shift 2
  sync
  /usr/bin/time -v -o "$work/$name.time" "$@" >/dev/null
  local seconds peak size
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/$name.time")
  peak=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$work/$name.time")
  size=$(stat -c %s "$output")
  results+=("$name $seconds $size $peak")
}

newest() { ls -t "$1"/*"$2" | head -n 1; }

export_once=(java -cp "$jar" dev.datadump.export.ExportOnce --data-dir "$work/data" --login bench --uid "$uid"
  --gid "$gid" --document-root "$work/corpus/web" --destination "$work/corpus/web/exports" "${mail_args[@]}")

measure tar-gzip "$work/out/tar.tar.gz" tar czf "$work/out/tar.tar.gz" -C "$work/corpus" web mail
measure tar-pigz-2 "$work/out/pigz.tar.gz" bash -c 'tar cf - -C "$1" web mail | pigz -p 2 > "$2"' _ "$work/corpus" "$work/out/pigz.tar.gz"
measure tar-gzip-gpg "$work/out/tar.tar.gz.gpg" bash -c 'tar czf - -C "$1" web mail | gpg --batch --yes --trust-model always --compress-algo none --cipher-algo AES256 -r bench@example.com -o "$2" -e' _ "$work/corpus" "$work/out/tar.tar.gz.gpg"
measure datadump "$work/corpus/web/exports" "${export_once[@]}"
mv "$(newest "$work/corpus/web/exports" .tar.gz)" "$work/out/datadump.tar.gz"
rm -f "$work"/corpus/web/exports/*.sha256
results[-1]="datadump $(echo "${results[-1]}" | awk '{print $2}') $(stat -c %s "$work/out/datadump.tar.gz") $(echo "${results[-1]}" | awk '{print $4}')"
measure datadump-gpg "$work/corpus/web/exports" "${export_once[@]}" --key "$work/key.asc"
mv "$(newest "$work/corpus/web/exports" .tar.gz.gpg)" "$work/out/datadump.tar.gz.gpg"
results[-1]="datadump-gpg $(echo "${results[-1]}" | awk '{print $2}') $(stat -c %s "$work/out/datadump.tar.gz.gpg") $(echo "${results[-1]}" | awk '{print $4}')"

echo
echo "input: $input_bytes bytes (web and mail at scale $scale), $(nproc) CPUs"
baseline=$(echo "${results[0]}" | awk '{print $2}')
printf '%-14s %10s %10s %14s %12s\n' run seconds vs-tar output-bytes peak-MiB
for line in "${results[@]}"; do
  # shellcheck disable=SC2086
  set -- $line
  printf '%-14s %10.2f %10.2f %14d %12d\n' "$1" "$2" "$(awk -v a="$2" -v b="$baseline" 'BEGIN {print a / b}')" "$3" "$4"
done
