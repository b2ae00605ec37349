# Shared by Scripts/run, Scripts/test and Scripts/bench: installs what a
# fresh Debian machine with Swift lacks, or says exactly what to do. Source
# it; it defines `need_swift`, `need_apt_packages`, `need_libedit`,
# `quietly` and `build_release`.

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
