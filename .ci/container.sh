# Running Interlock's image here, for .ci/image and bench/image (sourced from the repository root).
# podman with runc (crun, podman's default, fails on these machines' hybrid cgroups), a storage of
# its own in a temporary folder (nothing of the machine's is used or left), host networking only
# (these machines must not route through the private addresses a bridge network uses), and the
# open-file and process limits lowered to what a container may get.
#
#   ctr_init              sets CTR_WORK (a temporary folder) and the arrays podman and limits
#   ctr_cleanup           removes every container, volume and image of that storage, and CTR_WORK
#   free_port             prints a free TCP port on the loopback interface
#   ctr_run NAME PORT [podman run options…] -- IMAGE [arguments…]
#                         starts the image as deploy/'s Deployment runs it: read-only root, /tmp and
#                         the data folder writable (exec allowed: sqlite-jdbc and Truffle load native
#                         libraries from there), -Xmx640m in 1280 MB and 2 CPUs, the image's own user;
#                         prints the start time in ns
#   ctr_running NAME      whether the container runs
#   wait_ready URL NAME STARTED-NS SECONDS
#                         waits for /health/readiness UP; prints the milliseconds from STARTED-NS, or
#                         returns 1 when the container stopped or SECONDS passed
#   signed_call URL SECRET BODY-FILE ID [HEADERS-FILE]
#                         POSTs BODY-FILE to URL/v1/intercept signed as the platform does (README,
#                         Set up); prints the answer's body, then its status on a line of its own

ctr_init() {
  CTR_WORK=$(mktemp -d "${TMPDIR:-/tmp}/interlock-container.XXXXXX")
  podman=(podman --runtime runc --root "$CTR_WORK/storage" --runroot "$CTR_WORK/run" --storage-driver overlay
    --events-backend file --cgroup-manager cgroupfs)
  limits=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
}

ctr_cleanup() {
  [[ -n ${CTR_WORK:-} && -d $CTR_WORK ]] || return 0
  "${podman[@]}" rm -a -f -t 0 >/dev/null 2>&1 || true
  "${podman[@]}" volume rm -a -f >/dev/null 2>&1 || true
  "${podman[@]}" rmi -a -f >/dev/null 2>&1 || true
  rm -rf "$CTR_WORK"
  CTR_WORK=""
}

free_port() {
  # Below the kernel's range for outgoing connections: a port from that range can be given to a
  # client socket between this check and the server's bind ("already in use", seen in .ci/image
  # beside a busy suite).
  local low=10000 high candidate
  high=$(awk '{print $1 - 1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) || high=32767
  (( ${high:-0} > low + 1000 )) || high=32767
  for _ in $(seq 1 50); do
    candidate=$((low + RANDOM % (high - low)))
    (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null && continue
    echo "$candidate"
    return 0
  done
  return 1
}

ctr_run() {
  local name=$1 port=$2 options=()
  shift 2
  while [[ $# -gt 0 && $1 != -- ]]; do options+=("$1"); shift; done
  shift
  local started
  started=$(date +%s%N)
  "${podman[@]}" run -d --name "$name" --network host "${limits[@]}" --memory 1280m --cpus 2 \
    --read-only --tmpfs /tmp:rw,exec,nosuid,size=256m \
    -e "MICRONAUT_SERVER_PORT=$port" -e "INTERLOCK_JAVA_OPTS=-Xmx640m -XX:+ExitOnOutOfMemoryError" \
    ${options[@]+"${options[@]}"} "$@" >/dev/null || return 1
  echo "$started"
}

ctr_running() { [[ $("${podman[@]}" inspect -f '{{.State.Running}}' "$1" 2>/dev/null) == true ]]; }

wait_ready() {
  local url=$1 name=$2 started=$3 deadline=$((SECONDS + $4))
  while [[ $SECONDS -lt $deadline ]] && ctr_running "$name"; do
    if [[ $(curl -s -m 5 "$url/health/readiness" || true) == *'"status":"UP"'* ]]; then
      echo $(( ($(date +%s%N) - started) / 1000000 ))
      return 0
    fi
    sleep 0.2
  done
  return 1
}

signed_call() {
  local url=$1 secret=$2 body=$3 id=$4 headers=${5:-/dev/null} ts key sig
  ts=$(date +%s)
  key=$(printf %s "${secret#*_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
  sig=$({ printf '%s.%s.' "$id" "$ts"; cat "$body"; } | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | base64)
  curl -s -m 60 -D "$headers" -w '\n%{http_code}' "$url/v1/intercept" -H 'content-type: application/json' \
    -H "interceptor-id: $id" -H "interceptor-timestamp: $ts" -H "interceptor-signature: v1,$sig" --data-binary @"$body"
}
