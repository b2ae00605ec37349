# Shared by Scripts/run, Scripts/test and Scripts/bench: installs what a
# fresh Debian machine with Swift lacks, or says exactly what to do. Source
# it; it defines `need_swift`, `need_apt_packages`, `need_libedit`,
# `need_python_venv`, `need_report_consumers`, `quietly` and
# `build_release`.

say() { printf 'mabs setup: %s\n' "$*" >&2; }

need_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        say "Swift is not on PATH. Install the Swift 6.1+ toolchain (https://www.swift.org/install/linux/) and try again."
        exit 1
    fi
}

# need_apt_packages CHECK_COMMAND PACKAGE...: installs the packages with
# apt-get unless CHECK_COMMAND already succeeds.
need_apt_packages() {
    local check=$1
    shift
    if eval "$check" >/dev/null 2>&1; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            say "missing $*: install them with 'apt-get install $*' as root, then try again."
            exit 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        say "missing $*, and there is no apt-get here: install them with your package manager, then try again."
        exit 1
    fi
    say "installing $* with apt-get"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"; } >&2; then
        say "could not install $*: run '$sudo apt-get install $*' yourself, then try again."
        exit 1
    fi
}

need_libedit() {
    need_apt_packages "pkg-config --exists libedit" pkg-config libedit-dev
}

# need_python_venv DIR REQUIREMENT...: a Python virtual environment at DIR
# (an ignored build folder) with the PyPI requirements installed; made
# again when the requirements change.
need_python_venv() {
    local dir=$1
    shift
    local wanted="$*"
    if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.requirements" 2>/dev/null)" = "$wanted" ]; then
        return 0
    fi
    need_apt_packages "python3 -m venv --help" python3 python3-venv
    say "making a Python environment in $dir with $wanted"
    rm -rf "$dir"
    if ! { python3 -m venv "$dir" && "$dir/bin/pip" install -q "$@"; } >&2; then
        rm -rf "$dir"
        say "could not make $dir: run 'python3 -m venv $dir && $dir/bin/pip install $wanted' yourself, then try again."
        exit 1
    fi
    printf '%s' "$wanted" >"$dir/.requirements"
}

# need_report_consumers: the programs the report tests (ConsumerTests) feed
# mabs's TAP and JUnit to, as CI would: Perl's prove, node-tap-parser, and,
# in $root/.build-venv, Python's tappy (tap.py) and xmlschema; and there
# too Selenium, with which the live view's tests (LiveViewTests) drive
# Chromium.
need_report_consumers() {
    need_apt_packages "command -v prove" perl
    need_apt_packages "command -v tap-parser" node-tap-parser
    need_python_venv "$root/.build-venv" 'tap.py[yaml]==3.2.*' 'xmlschema==4.*' 'selenium==4.*'
}

# need_browser: Debian's Chromium and its WebDriver, which the live view's
# tests drive headless (with Selenium, from need_report_consumers).
need_browser() {
    need_apt_packages "command -v chromium && command -v chromedriver" chromium chromium-driver
}

# quietly WHAT COMMAND...: runs COMMAND (a build), showing its output, on
# standard error, only if it fails, so that what the caller prints stays
# clean.
quietly() {
    local what=$1
    shift
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        say "$what failed (output above)."
        exit 1
    fi
    rm -f "$log"
}

# build_release [SWIFT BUILD ARGUMENTS...]: builds mabs's package (of
# $root) for release.
build_release() {
    if [ ! -x "$root/.build/release/mabs" ]; then
        say "building mabs (the first build takes a minute or two)"
    fi
    quietly "the build" swift build --package-path "$root" -c release "$@"
}
