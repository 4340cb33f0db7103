# Sourced by install-toolchains.sh and fetch-debian-binaries.sh: a private apt
# state (its own sources list, index and cache under a folder of ours) so that
# `apt-get download` works without root and without touching the system's apt.
# The archive's address is read from this machine's own apt configuration
# (the first non-security deb822 `URIs:` line, else sources.list).
#
#   private_apt_init CALLER STATE ARCH SUITE...   sets the array `apt_opts`
#     and refreshes the index when a suite has none yet, or when the newest
#     index is more than a day old. ARCH is "" for the machine's own.

debian_archive_uri() {
  local f u
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    u=$(awk '/^URIs:/{print $2; exit}' "$f")
    case "$u" in *security*|"") ;; *) echo "$u"; return 0;; esac
  done
  if [ -f /etc/apt/sources.list ]; then
    awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list
  fi
}

private_apt_init() {
  local caller="$1" state="$2" arch="$3"
  shift 3
  local uri s stale="" arch_opt="" keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  uri=$(debian_archive_uri)
  [ -n "$uri" ] || { echo "$caller: no Debian archive URI found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list" >&2; exit 2; }
  mkdir -p "$state/lists/partial" "$state/archives/partial"
  [ -z "$arch" ] || arch_opt="arch=$arch "
  for s in "$@"; do echo "deb [${arch_opt}signed-by=$keyring] $uri $s main"; done > "$state/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state" -o "Dir::State::status=/dev/null"
            -o "APT::Get::List-Cleanup=0" -o "Acquire::Languages=none" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
  [ -z "$arch" ] || apt_opts+=(-o "APT::Architecture=$arch" -o "APT::Architectures::=$arch")
  [ -n "$(find "$state/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ] || stale=1
  for s in "$@"; do
    compgen -G "$state/lists/*_dists_${s}_InRelease" >/dev/null || stale=1
  done
  if [ -n "$stale" ]; then
    echo "$caller: updating private package index ($uri)" >&2
    apt-get "${apt_opts[@]}" -q update >/dev/null
  fi
}
