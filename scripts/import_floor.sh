#!/usr/bin/env bash
# The floor of a bulk import on this machine: COPY of the rows an import writes (raw payloads and
# messages, already built) straight into their tables, with no parsing, no staging and no conflict
# handling; nothing an import does can be faster than this. Three variants: the schema as it is,
# without the trigram index on the messages' search text, and without that index and the
# messages' foreign keys as well. Throwaway database `otklik_floor`; prints seconds and rows/s.
#   scripts/import_floor.sh [N]          (N rows, 100000 by default)
set -euo pipefail
N=${1:-100000}
DB=otklik_floor
HOST=${PGHOST:-127.0.0.1}
P="psql -h $HOST -U postgres -d $DB -q -v ON_ERROR_STOP=1"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export OTKLIK_DATABASE_URL="postgres://postgres@$HOST:5432/$DB" OTKLIK_SECRET_KEY=${OTKLIK_SECRET_KEY:-floor}
dropdb -h "$HOST" -U postgres --if-exists $DB
createdb -h "$HOST" -U postgres $DB
otklik migrate -v0
otklik bench import --n "$N" > /dev/null
$P -c "\\copy sources_inboundpayload to $TMP/payloads.copy"
$P -c "\\copy inbox_message to $TMP/messages.copy"

copy_rows() {
    $P -c "TRUNCATE inbox_message, sources_inboundpayload CASCADE" 2>/dev/null
    local started ended
    started=$(date +%s.%N)
    $P <<SQL
BEGIN;
SET LOCAL synchronous_commit = off;
\\copy sources_inboundpayload from $TMP/payloads.copy
\\copy inbox_message from $TMP/messages.copy
COMMIT;
SQL
    ended=$(date +%s.%N)
    python3 -c 'import sys; s = float(sys.argv[3]) - float(sys.argv[2]); n = int(sys.argv[4])
print(f"{sys.argv[1]}: {s:.2f} s, {n / s:,.0f} rows/s")' "$1" "$started" "$ended" "$N"
}

copy_rows "the schema as it is"
$P -c "DROP INDEX message_search_trgm"
copy_rows "without the trigram index"
for fk in $($P -Atc "SELECT conname FROM pg_constraint WHERE conrelid = 'inbox_message'::regclass AND contype = 'f'"); do
    $P -c "ALTER TABLE inbox_message DROP CONSTRAINT $fk"
done
copy_rows "without the trigram index and the messages' foreign keys"
dropdb -h "$HOST" -U postgres $DB
