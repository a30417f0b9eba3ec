# Sourced by ./linf, ./mvnw25 and .ci/run: sets JAVA_HOME to a JDK 25 or newer, or exits.
# Order: $JAVA_HOME if it is JDK >= 25, else /usr/lib/jvm/temurin-25* (the machine's Temurin).
# The major version from the JDK's release file (instant), else by asking its java (a JVM start,
# about 80 ms, which every ./linf paid before).
linf_java_major() {
  local major=""
  if [ -r "$1/release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$major" ]; then
    major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$major"
}
linf_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-2[6-9]* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(linf_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "linf: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing usable in /usr/lib/jvm/temurin-25*);" \
       "install one and point JAVA_HOME at it" >&2
  return 1
}
linf_find_jdk || exit 1
# Maven itself warns about sun.misc.Unsafe on JDK 25; this silences it (not in .mvn/jvm.config,
# which would break Maven on older JDKs).
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
