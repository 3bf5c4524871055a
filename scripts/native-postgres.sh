#!/usr/bin/env bash
# Native PostgreSQL 15 for CastMatch on Debian bookworm, idempotently.
#
#   scripts/native-postgres.sh setup            install server, pgTAP, pg_prove, plpgsql_check, pgvector, safeupdate
#   scripts/native-postgres.sh start DIR PORT   throwaway cluster in DIR on 127.0.0.1:PORT (prints its URL)
#   scripts/native-postgres.sh stop DIR         stop that cluster
#
# PG_SHARED_BUFFERS (default 512MB) sizes the cluster's buffer cache; the search benchmark
# raises it so that a million profiles' HNSW index fits, as it would on a production server.
#
# pgvector is not packaged for bookworm: it is built from Debian's own source package in the
# next suite. The source list is a temporary file passed to apt with -o options; the system's
# apt sources are never edited, and the mirror is read from them.
#
# safeupdate (refuses UPDATE/DELETE without WHERE, as hosted Supabase loads it for its API)
# is in no Debian suite (bookworm, trixie, sid): the project's own module in
# scripts/native/safeupdate is built with PGXS. It is rebuilt when its source changes (a stamp
# with the source's hash sits next to the library); a safeupdate library that is not ours (the
# original pg-safeupdate) is left alone.
set -euo pipefail

PG_MAJOR=15
PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
EXT_DIR=/usr/share/postgresql/$PG_MAJOR/extension
LIB_DIR=/usr/lib/postgresql/$PG_MAJOR/lib
TOTAL=5

step() { printf '[native-postgres %s/%s] %s\n' "$1" "$TOTAL" "$2"; }
die() { printf 'native-postgres: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_update_once() {
  [ "$APT_UPDATED" = 1 ] && return
  as_root apt-get update -qq
  APT_UPDATED=1
}

# Installs the packages that are not installed yet; prints what it installs.
apt_install() {
  local missing=()
  for p in "$@"; do
    local name=${p%%=*}
    dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "  installing: ${missing[*]}"
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The main archive's URI, as the system's own apt sources name it.
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/debian.sources | grep -v -- '-security' | head -n1)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $3 == "bookworm" {print $2}' /etc/apt/sources.list | head -n1)
  fi
  [ -n "$uri" ] || die "cannot find the Debian mirror in the system's apt sources"
  printf '%s' "$uri"
}

build_pgvector() {
  if [ -f "$EXT_DIR/vector.control" ] && [ -f "$LIB_DIR/vector.so" ]; then
    echo "  pgvector already installed ($(grep default_version "$EXT_DIR/vector.control" | cut -d"'" -f2))"
    return
  fi
  local server_version
  server_version=$(dpkg-query -W -f='${Version}' postgresql-$PG_MAJOR)
  # Headers pinned to the installed server so apt never upgrades the server underneath us.
  apt_install build-essential dpkg-dev "postgresql-server-dev-$PG_MAJOR=$server_version"
  local work
  work=$(mktemp -d)
  mkdir -p "$work/lists/partial" "$work/parts"
  printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$(debian_mirror)" >"$work/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
    -o "Dir::State::Lists=$work/lists" -o "APT::Sandbox::User=root")
  echo "  fetching Debian's pgvector source package"
  as_root apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && as_root apt-get "${apt_opts[@]}" source -qq --download-only pgvector >/dev/null &&
    dpkg-source -x --no-check ./pgvector_*.dsc src >/dev/null)
  echo "  building pgvector"
  make -s -C "$work/src" PG_CONFIG="$PGBIN/pg_config" OPTFLAGS="" >/dev/null
  as_root make -s -C "$work/src" install PG_CONFIG="$PGBIN/pg_config" >/dev/null
  rm -rf "$work"
  [ -f "$EXT_DIR/vector.control" ] || die "pgvector build finished but vector.control is missing"
}

# Our module's description string tells our build from the original pg-safeupdate.
SAFEUPDATE_MARK="Refuses UPDATE and DELETE statements without a WHERE clause."

build_safeupdate() {
  local src stamp hash
  src="$(dirname "$0")/native/safeupdate"
  stamp="$LIB_DIR/safeupdate.castmatch-source"
  hash=$(cat "$src/safeupdate.c" "$src/Makefile" | sha256sum | cut -d' ' -f1)
  if [ -f "$LIB_DIR/safeupdate.so" ]; then
    if ! grep -aqF "$SAFEUPDATE_MARK" "$LIB_DIR/safeupdate.so"; then
      echo "  safeupdate already installed (not ours: left alone)"
      return
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
      echo "  safeupdate already installed"
      return
    fi
  fi
  local server_version
  server_version=$(dpkg-query -W -f='${Version}' postgresql-$PG_MAJOR)
  apt_install build-essential "postgresql-server-dev-$PG_MAJOR=$server_version"
  local work
  work=$(mktemp -d)
  cp "$src/safeupdate.c" "$src/Makefile" "$work/"
  echo "  building safeupdate"
  make -s -C "$work" PG_CONFIG="$PGBIN/pg_config" >/dev/null
  # `install` replaces the file (a new inode): sessions that loaded the old one keep it, new
  # sessions load the new one.
  as_root make -s -C "$work" install PG_CONFIG="$PGBIN/pg_config" >/dev/null
  rm -rf "$work"
  [ -f "$LIB_DIR/safeupdate.so" ] || die "safeupdate build finished but safeupdate.so is missing"
  echo "$hash" | as_root tee "$stamp" >/dev/null
}

setup() {
  step 1 "PostgreSQL $PG_MAJOR server"
  apt_install "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR"
  step 2 "pgTAP and pg_prove"
  apt_install "postgresql-$PG_MAJOR-pgtap" libtap-parser-sourcehandler-pgtap-perl
  step 3 "plpgsql_check (for supabase db lint)"
  apt_install "postgresql-$PG_MAJOR-plpgsql-check"
  step 4 "pgvector"
  build_pgvector
  step 5 "safeupdate"
  build_safeupdate
  echo "native PostgreSQL $PG_MAJOR is ready"
}

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=${1:?usage: start DIR PORT} port=${2:?usage: start DIR PORT}
  [ -x "$PGBIN/initdb" ] || die "PostgreSQL $PG_MAJOR is not installed; run: $0 setup"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    run_as_postgres "$PGBIN/initdb" -D "$dir" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  run_as_postgres "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=${PG_SHARED_BUFFERS:-512MB}" \
    start >/dev/null || { tail -n 20 "$dir/server.log" >&2; die "the server did not start"; }
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local dir=${1:?usage: stop DIR}
  [ -f "$dir/postmaster.pid" ] || return 0
  run_as_postgres "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
}

case "${1:-}" in
  setup) setup ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) die "usage: $0 setup | start DIR PORT | stop DIR" ;;
esac
