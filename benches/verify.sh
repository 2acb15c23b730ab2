#!/usr/bin/env bash
# Time `connleak scan --verify` on N distinct leaked credentials (default
# 200) against real local servers: PostgreSQL, MariaDB and Redis, started
# here on free loopback ports in a temporary directory (as their own users
# when run as root) and stopped at the end. Half of each engine's
# credentials are live (the user exists with that password), half rotated.
#
#   benches/verify.sh [N] [RUNS]
#
# Prints, for RUNS runs (default 5) with the default concurrency (4 per
# host: the three servers share 127.0.0.1, so 4 attempts at a time), the
# median and max wall time and the peak RSS (GNU time), and checks the
# verdicts: N credentials, N/2 live, N/2 rejected, none unreachable.
# A scan of the same tree without --verify is timed too, for the floor.
# Needs the Debian packages postgresql, mariadb-server and redis-server
# (.ci/run installs them), openssl and /usr/bin/time. KEEP=1 keeps the
# directory; BIN=path times that binary instead of building a release one.
set -euo pipefail
n=${1:-200}
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$here/target}
if [ -n "${BIN:-}" ]; then bin=$BIN; else
  bin="$target/release/connleak"
  (cd "$here" && cargo build --release --quiet)
fi

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/postgres" ] && [ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/redis-server ] || {
  echo "needs postgresql, mariadb-server and redis-server (see .ci/run)" >&2; exit 2; }

work=$(mktemp -d) && chmod 711 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ -n "${KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as() { # as USER: sets AS, the prefix that runs a command as USER when root
  # (setpriv execs, so `"${AS[@]}" server &` leaves the server's own pid in $!)
  local u=$1
  if [ "$(id -u)" = 0 ]; then id "$u" >/dev/null 2>&1 || u=nobody; AS=(setpriv --reuid="$u" --regid="$u" --init-groups --); else AS=(); fi
}
owner() { [ "$(id -u)" = 0 ] && { id "$1" >/dev/null 2>&1 && chown -R "$1:" "$2" || chown -R nobody: "$2"; } || true; }
wait_port() { for _ in $(seq 600); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

per=$((n / 3)); pg_n=$((n - 2 * per)); my_n=$per; rd_n=$per
live_of() { echo $(($1 / 2)); }

# PostgreSQL with TLS and SCRAM-SHA-256
mkdir -p "$work/pg" && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -keyout "$work/pg/server.key" -out "$work/pg/server.crt" >/dev/null 2>&1
owner postgres "$work/pg"
as postgres; "${AS[@]}" "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
pg_port=$(free_port)
"${AS[@]}" "$pgbin/postgres" -D "$work/pg/data" -p "$pg_port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$work/pg" -c fsync=off -c max_connections=300 -c ssl=on \
  -c ssl_cert_file="$work/pg/server.crt" -c ssl_key_file="$work/pg/server.key" 2>"$work/pg.log" &
pids+=($!)
wait_port "$pg_port"
sleep 0.5
for i in $(seq 1 "$(live_of "$pg_n")"); do echo "CREATE ROLE pg$i LOGIN PASSWORD 'Pg-Live-$i-x7';"; done \
  | "$pgbin/psql" -q -h "$work/pg" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null

# MariaDB (no TLS configured: logins fall back to plain, as the detail says)
mkdir -p "$work/my/data" && owner mysql "$work/my"
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(--user=mysql)
mariadb-install-db --no-defaults --datadir="$work/my/data" --auth-root-authentication-method=normal --skip-test-db "${user_opt[@]}" >/dev/null 2>&1
my_port=$(free_port)
/usr/sbin/mariadbd --no-defaults --datadir="$work/my/data" --port="$my_port" --bind-address=127.0.0.1 \
  --socket="$work/my/sock" --pid-file="$work/my/pid" --log-error="$work/my.log" --skip-name-resolve \
  --innodb-buffer-pool-size=16M --max-connections=300 --skip-log-bin "${user_opt[@]}" &
pids+=($!)
wait_port "$my_port"
for i in $(seq 1 "$(live_of "$my_n")"); do echo "CREATE USER 'my$i'@'%' IDENTIFIED BY 'My-Live-$i-x7';"; done \
  | mariadb --no-defaults --socket="$work/my/sock" -uroot

# Redis with ACL users
mkdir -p "$work/rd" && rd_port=$(free_port)
{ printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\nrequirepass "Rd-Default-x7"\n' "$rd_port" "$work/rd"
  for i in $(seq 1 "$(live_of "$rd_n")"); do echo "user rd$i on >Rd-Live-$i-x7 ~* +@all"; done; } >"$work/rd/redis.conf"
owner redis "$work/rd"
as redis; "${AS[@]}" /usr/bin/redis-server "$work/rd/redis.conf" >/dev/null &
pids+=($!)
wait_port "$rd_port"

# the tree: one .env per credential, half live, half rotated
tree="$work/tree" && mkdir -p "$tree"
emit() { # engine count port scheme prefix
  local engine=$1 count=$2 port=$3 scheme=$4 p=$5 live; live=$(live_of "$count")
  for i in $(seq 1 "$count"); do
    local user="$p$i" pw="$(echo "${p:0:1}" | tr a-z A-Z)${p:1}-Live-$i-x7"
    [ "$i" -gt "$live" ] && user="$p$((i - live))" && pw="${pw/Live/Rotated}"
    mkdir -p "$tree/$engine/svc$i"
    echo "DATABASE_URL=$scheme://$user:$pw@127.0.0.1:$port/app" >"$tree/$engine/svc$i/.env"
  done
}
emit pg "$pg_n" "$pg_port" postgres pg
emit my "$my_n" "$my_port" mysql my
emit rd "$rd_n" "$rd_port" redis rd

echo "credentials: $n ($pg_n PostgreSQL with TLS, $my_n MariaDB, $rd_n Redis); runs: $runs; binary: $bin"
walls=(); rss=()
for r in $(seq 1 "$runs"); do
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" scan "$tree" --verify --verify-private \
    --format json --exit-zero --quiet -o "$work/out.json"
  read -r wall kb <"$work/time"; walls+=("$wall"); rss+=("$kb")
done
jq -c '.summary.verification' "$work/out.json"
read -r credentials live rejected unreachable < <(jq -r '.summary.verification | "\(.credentials) \(.live) \(.rejected) \(.unreachable)"' "$work/out.json")
want_live=$(( $(live_of "$pg_n") + $(live_of "$my_n") + $(live_of "$rd_n") ))
[ "$credentials" = "$n" ] && [ "$live" = "$want_live" ] && [ "$rejected" = $((n - want_live)) ] && [ "$unreachable" = 0 ] \
  || { echo "unexpected verdicts (want $n credentials, $want_live live, $((n - want_live)) rejected)" >&2; exit 1; }
/usr/bin/time -f '%e %M' -o "$work/time0" "$bin" scan "$tree" --format json --exit-zero --quiet -o /dev/null
read -r wall0 kb0 <"$work/time0"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
max() { printf '%s\n' "$@" | sort -g | tail -1; }
echo "--verify: wall median $(median "${walls[@]}") s, max $(max "${walls[@]}") s; peak RSS max $(( $(max "${rss[@]}") / 1024 )) MB"
echo "no --verify: wall $wall0 s; peak RSS $((kb0 / 1024)) MB"
