#!/usr/bin/env bash
# Nightly backup of the Tugi database with retention. Example crontab line of the backup user:
#
#   30 2 * * *  DATABASE_URL=postgresql://tugi_backup@db.internal/tugi /opt/tugi/scripts/backup.sh
#
# Keep the password out of DATABASE_URL (it would show in the process list): put it in ~/.pgpass
# (mode 0600) of the backup user. pg_dump must be of the server's major version or newer
# (postgresql-client-<major>). Environment: DATABASE_URL (required), BACKUP_DIR (default
# /var/backups/tugi), KEEP_DAYS (default 14).
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/tugi}
KEEP_DAYS=${KEEP_DAYS:-14}
umask 077  # the dumps hold personal data

mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/tugi-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --file="$target.partial" --dbname="$DATABASE_URL"
pg_restore --list "$target.partial" >/dev/null  # the archive is readable end to end
mv "$target.partial" "$target"

# Retention: complete dumps older than KEEP_DAYS days, and partial files of failed runs.
find "$BACKUP_DIR" -maxdepth 1 \( -name 'tugi-*.dump' -o -name 'tugi-*.dump.partial' \) -mtime +"$KEEP_DAYS" -delete
echo "backup written: $target"
