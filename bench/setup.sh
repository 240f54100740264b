# Sourced by the benchmark scripts: installs what is missing, builds zaklyk and the site generator,
# and sets ZAKLYK, GEN and OUT (the folder the sites are written to and built in). ZAKLYK and GEN,
# when set, name binaries to measure instead (a build kept aside while the tree changes).
#
# By default that folder is in /dev/shm (tmpfs): the figures then compare the tools, not the
# variable disk of a virtual machine (on this machine, writing 9,000 files to its ext4 disk took
# from 0.5 s to 8 s from one run to the next). Set BENCH_DIR to measure a disk.
need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2"; apt-get install -y -qq "$2" >/dev/null; }; }
need hyperfine hyperfine
if [ -z "${ZAKLYK:-}" ] || [ -z "${GEN:-}" ]; then
  cargo build --release --quiet
  cargo build --release --quiet --example bench-gen
fi
ZAKLYK="${ZAKLYK:-$PWD/target/release/zaklyk}"
GEN="${GEN:-$PWD/target/release/examples/bench-gen}"
if [ -z "${BENCH_DIR:-}" ] && [ -d /dev/shm ]; then BENCH_DIR=/dev/shm/zaklyk-bench; fi
OUT="$(mkdir -p "${BENCH_DIR:-bench/out}" && cd "${BENCH_DIR:-bench/out}" && pwd)"
