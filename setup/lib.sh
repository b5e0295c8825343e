# Shared helpers of setup/run and setup/test. Sourced, not executed.
# Every step is idempotent: it checks first and only does work that is missing.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
VENV=${VENV:-$REPO/.venv}
PYTHON_BIN=${PYTHON_BIN:-python3}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-5432}
DB_USER=${DB_USER:-$(id -un)}
# Our addons, in install order. The tests and the demo database install all of them.
FACTORING_ADDONS=${FACTORING_ADDONS:-factoring_base,factoring_din5008,factoring_export_dfb,factoring_export_abs,factoring_settlement,factoring_edi,factoring_l10n_ch,factoring_misdirected,factoring_cockpit}
# Odoo addons the suite runs against: the German and Swiss charts, QR codes and bills.
EXTRA_ADDONS=${EXTRA_ADDONS:-l10n_de,l10n_ch,account_qr_code_sepa}
STATE_DIR=$REPO/.state

log() { printf '\033[1m[factoring]\033[0m %s\n' "$*" >&2; }
die() {
    printf '\033[1;31m[factoring] ERROR:\033[0m %s\n' "$*" >&2
    exit 1
}

check_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/addons/account" ]; then
        die "No Odoo 19.0 source found at ODOO_SRC=$ODOO_SRC.
  Get it with:   git clone --depth 1 -b 19.0 https://github.com/odoo/odoo.git $ODOO_SRC
  or point ODOO_SRC to an existing Odoo 19.0 checkout, then run this command again."
    fi
    local version
    version=$(sed -n "s/^version_info = (\([0-9]*\), .*/\1/p" "$ODOO_SRC/odoo/release.py" 2>/dev/null || true)
    [ "$version" = "19" ] || die "$ODOO_SRC is not an Odoo 19.0 source (release.py says major version '${version:-?}')."
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# Install Debian packages that are missing (only their names are given; apt-get decides the rest).
ensure_debs() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "Missing system packages: ${missing[*]}. Install them with your package manager."
    log "Installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null ||
        die "apt-get update failed; install ${missing[*]} by hand."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        die "Could not install ${missing[*]}; install them by hand and run again."
}

ensure_postgres() {
    command -v pg_isready >/dev/null || die "PostgreSQL client tools are missing. Install PostgreSQL (Debian: apt-get install postgresql)."
    if pg_isready -q -h "$DB_HOST" -p "$DB_PORT"; then return 0; fi
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        local version
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        log "PostgreSQL is down; starting cluster $version/main"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        local i
        for i in $(seq 1 30); do
            pg_isready -q -h "$DB_HOST" -p "$DB_PORT" && return 0
            sleep 1
        done
    fi
    die "PostgreSQL does not answer on $DB_HOST:$DB_PORT. Start it (Debian: pg_ctlcluster <version> main start)
  and make sure the role '$DB_USER' may create databases, or set DB_HOST/DB_PORT/DB_USER."
}

# Create or reuse the virtualenv and install Odoo's pinned requirements and ours, only when they changed.
ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        log "Creating virtualenv $VENV"
        "$PYTHON_BIN" -m venv "$VENV" || die "Could not create a virtualenv with $PYTHON_BIN (Debian: apt-get install python3-venv)."
    fi
    local stamp="$VENV/.factoring-requirements"
    local want
    want=$(cat "$ODOO_SRC/requirements.txt" "$REPO/requirements.txt" "$REPO/setup/constraints.txt" | sha1sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
    ensure_debs libpq-dev libldap2-dev libsasl2-dev
    log "Installing Python requirements into $VENV (first time takes a few minutes)"
    # python-ldap is only for the auth_ldap addon, which we do not use.
    local reqs="$STATE_DIR/odoo-requirements.txt"
    mkdir -p "$STATE_DIR"
    grep -v -i '^python-ldap' "$ODOO_SRC/requirements.txt" >"$reqs"
    export PIP_CONSTRAINT="$REPO/setup/constraints.txt"
    "$VENV/bin/python" -m pip install -q --upgrade "pip<25" "setuptools<70" wheel
    "$VENV/bin/python" -m pip install -q -r "$reqs" -r "$REPO/requirements.txt" 2> >(grep -v "is ignored: it is neither" >&2) ||
        die "pip install failed (see above)."
    echo "$want" >"$stamp"
}

# A hash of our addons' sources: a changed hash means the database needs an update (-u).
addons_hash() {
    (cd "$REPO" && find ${FACTORING_ADDONS//,/ } -type f \( -name '*.py' -o -name '*.xml' -o -name '*.csv' -o -name '*.po' -o -name '*.pot' -o -name '*.js' -o -name '*.scss' \) -print0 2>/dev/null |
        sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
}

db_exists() {
    psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

# Write an Odoo configuration file for a database.
write_odoo_conf() {
    local conf=$1 db=$2
    mkdir -p "$(dirname "$conf")"
    cat >"$conf" <<EOF
[options]
addons_path = $REPO,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_name = $db
dbfilter = ^$db\$
data_dir = $STATE_DIR/filestore
admin_passwd = admin
http_interface = ${HTTP_INTERFACE:-127.0.0.1}
http_port = ${HTTP_PORT:-8069}
log_level = ${LOG_LEVEL:-info}
EOF
}

odoo_bin() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"
}

# Install or update modules (odoo-bin arguments follow) and fail when Odoo reports an error,
# including demo data it silently skipped ("demo data failed to install").
odoo_install() {
    # One log per database (the argument after -d): builds of several databases may run at once.
    local db=default prev=
    for arg in "$@"; do
        [ "$prev" = "-d" ] && db=$arg
        prev=$arg
    done
    local logfile=$STATE_DIR/install-$db.log
    mkdir -p "$STATE_DIR"
    set +e
    odoo_bin "$@" --stop-after-init 2>&1 | tee "$logfile" | grep -E --line-buffered " (WARNING|ERROR|CRITICAL) |^\S*Error|Traceback" >&2
    local rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" != 0 ] || grep -qE " (ERROR|CRITICAL) |demo data failed to install" "$logfile"; then
        die "Odoo reported errors while installing (full log: $logfile)."
    fi
}

# Build a database from scratch: a German main company on SKR03, the Odoo addons we need, then our addons
# with their demo data. Odoo's own demo data is left out on purpose: account's demo replaces the main company's
# chart with the generic one. Our addons' demo data loads when their dependencies are flagged "demo", so the
# flag is set on the installed modules without loading their demo files.
build_database() {
    local conf=$1 db=$2
    log "Creating database $db (German company)"
    odoo_bin db -c "$conf" init "$db" --country DE --username admin --password admin
    log "Installing $EXTRA_ADDONS (chart of accounts SKR03)"
    odoo_install -c "$conf" -d "$db" -i "$EXTRA_ADDONS" --load-language=de_DE
    psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$db" -qc \
        "UPDATE ir_module_module SET demo = TRUE WHERE state = 'installed'"
    log "Installing $FACTORING_ADDONS with demo data"
    odoo_install -c "$conf" -d "$db" -i "$FACTORING_ADDONS"
}
