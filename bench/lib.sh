# Shared by bench/engine and bench/run. Source it from the repository root.
# Everything fetched or built lands in bench/out/ (git-ignored).

BENCH_OUT=bench/out
JVMCI_DIR=$BENCH_OUT/jvmci
JAR=target/interlock.jar

say() { printf '%s\n' "bench: $*" >&2; }
die() { say "$*"; exit 1; }

# mvn offline first (the local repository is usually populated), online when something is missing.
mvn_quiet() {
  mvn -B -q -o "$@" >"$BENCH_OUT/mvn.log" 2>&1 || mvn -B -q "$@" >"$BENCH_OUT/mvn.log" 2>&1 \
    || { tail -30 "$BENCH_OUT/mvn.log" >&2; return 1; }
}

# Builds target/interlock.jar when it is missing or older than its sources (BENCH_REBUILD=1 forces).
build_jar() {
  mkdir -p "$BENCH_OUT"
  if [[ "${BENCH_REBUILD:-0}" == 1 || ! -f $JAR ]] \
     || [[ -n "$(find pom.xml src/main policies playground -newer "$JAR" -print -quit 2>/dev/null)" ]]; then
    say "building Interlock (mvn -B -q -DskipTests package)"
    mvn_quiet -DskipTests package || die "build failed (see $BENCH_OUT/mvn.log)"
  fi
}

graalvm_version() {
  sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' pom.xml | head -1
}

# The JDK 25 to use: $JDK25_HOME, else the first /usr/lib/jvm/*/ whose release file says 25.x.
find_jdk25() {
  local d
  if [[ -n "${JDK25_HOME:-}" ]]; then
    [[ -x $JDK25_HOME/bin/java ]] && { echo "$JDK25_HOME"; return 0; }
    return 1
  fi
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [[ -x $d/bin/java && -f $d/release ]] || continue
    if grep -q '^JAVA_VERSION="25[."]' "$d/release"; then echo "$d"; return 0; fi
  done
  return 1
}

jdk_version() { sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$1/release" 2>/dev/null || echo unknown; }

# Downloads the Graal compiler jars matching the polyglot version into bench/out/jvmci/
# (DESIGN.md section 4). Prints nothing; returns non-zero when they cannot be fetched.
JVMCI_ARTIFACTS="org.graalvm.compiler:compiler org.graalvm.truffle:truffle-compiler org.graalvm.sdk:collections org.graalvm.sdk:word org.graalvm.sdk:nativeimage"
fetch_jvmci() {
  local version a name
  version=$(graalvm_version)
  [[ -n $version ]] || { say "no <graalvm.version> in pom.xml"; return 1; }
  mkdir -p "$JVMCI_DIR"
  # jars of another version on the upgrade module path would clash: keep only this version's
  find "$JVMCI_DIR" -name '*.jar' ! -name "*-$version.jar" -delete
  for a in $JVMCI_ARTIFACTS; do
    name=${a#*:}
    [[ -f $JVMCI_DIR/$name-$version.jar ]] && continue
    say "fetching $a:$version into $JVMCI_DIR"
    mvn_quiet org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$a:$version" -DoutputDirectory="$JVMCI_DIR" || return 1
  done
  # DESIGN.md section 4: jars newer than the JDK's patch level fall back to the interpreter.
  local jdk_patch jar_patch
  jdk_patch=$(jdk_version "$1" | awk -F. '{print $3+0}')
  jar_patch=$(awk -F. '{print $3+0}' <<<"$version")
  if (( jar_patch > jdk_patch )); then
    say "warning: compiler jars $version are newer than JDK $(jdk_version "$1"); expect the interpreter"
  fi
}

JIT_FLAGS=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI "--upgrade-module-path=$JVMCI_DIR"
           --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)

compile_bench() {
  mkdir -p "$BENCH_OUT/classes"
  if [[ -n "$(find bench/src -name '*.java' -newer "$BENCH_OUT/classes/.stamp" -print -quit 2>/dev/null)" \
        || ! -f $BENCH_OUT/classes/.stamp || $JAR -nt $BENCH_OUT/classes/.stamp ]]; then
    javac -nowarn --release 17 -cp "$JAR" -d "$BENCH_OUT/classes" $(find bench/src -name '*.java') \
      || die "bench/src does not compile against $JAR"
    touch "$BENCH_OUT/classes/.stamp"
  fi
}

# Prints "on (...)" or "off (...)" for a java binary plus flags: whether Truffle gets its
# optimising runtime there. Same jar, same flags as the service, so it answers for the service too.
jit_probe() {
  local java=$1; shift
  compile_bench
  timeout 120 "$java" "$@" -cp "$BENCH_OUT/classes:$JAR" io.interlock.bench.JitProbe 2>/dev/null | tail -1 \
    || echo "off (probe failed)"
}

# The Node peer (../shared/peers): copied to bench/out/peer, its npm dependencies installed once.
PEER_SRC=${PEER_DIR:-../shared/peers}
PEER=$BENCH_OUT/peer
setup_peer() {
  [[ -f $PEER_SRC/load.js && -f $PEER_SRC/server.js ]] || die "peer not found in $PEER_SRC (set PEER_DIR)"
  mkdir -p "$PEER"
  local f
  for f in package.json package-lock.json server.js load.js policy.js engine.js; do
    cmp -s "$PEER_SRC/$f" "$PEER/$f" || { cp "$PEER_SRC/$f" "$PEER/$f"; chmod u+w "$PEER/$f"; }
  done
  if [[ ! -f $PEER/node_modules/autocannon/package.json || ! -f $PEER/node_modules/isolated-vm/out/isolated_vm.node \
        || $PEER/package-lock.json -nt $PEER/node_modules/.package-lock.json ]]; then
    say "installing the peer's npm dependencies into $PEER (npm ci)"
    local npm_log=$PWD/$BENCH_OUT/npm.log
    (cd "$PEER" && npm ci --no-audit --no-fund >"$npm_log" 2>&1) \
      || { tail -20 "$BENCH_OUT/npm.log" >&2; die "npm ci failed"; }
  fi
}
