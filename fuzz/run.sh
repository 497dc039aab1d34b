#!/usr/bin/env bash
# `make fuzz`: builds runreport-fuzz with libFuzzer and AddressSanitizer (swiftc
# -sanitize=fuzzer,address; the C++ scan with -fsanitize=fuzzer-no-link,address) and runs every
# target for FUZZ_SECONDS (default 60), seeded from fuzz/corpus/<target>. A crash, leak, timeout,
# out-of-memory or broken invariant fails; the input that did it is left in .build-fuzz/ as
# findings-<target>-*, to be added to fuzz/regressions/<target>/ (the test suite replays those).
#   FUZZ_SECONDS=600 FUZZ_TARGETS="plot sanitizer" fuzz/run.sh
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"event-scan archive plot sanitizer log-format numbers tensorboard mlflow wandb"}
swift build -c release --scratch-path .build-fuzz --product runreport-fuzz \
    -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    -Xcc -fsanitize=fuzzer-no-link,address -Xcxx -fsanitize=fuzzer-no-link,address 2>&1 | grep -E "error|Compiling|Build" | tail -3
binary=.build-fuzz/release/runreport-fuzz
[ -x "$binary" ] || { echo "fuzz: the build failed" >&2; exit 1; }
failed=0
for target in $targets; do
    work=.build-fuzz/corpus/$target
    mkdir -p "$work"
    SWIFT_BACKTRACE=enable=no RUNREPORT_FUZZ_TARGET=$target "$binary" "$work" "fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -artifact_prefix=".build-fuzz/findings-$target-" -print_final_stats=1 \
        > ".build-fuzz/$target.log" 2>&1
    status=$?
    summary=$(grep -E "^#[0-9]+.*(DONE|cov:)" ".build-fuzz/$target.log" | tail -1)
    runs=$(grep -E "stat::number_of_executed_units" ".build-fuzz/$target.log" | awk '{print $2}')
    if [ $status -ne 0 ]; then
        failed=1
        echo "fuzz: $target FAILED after ${seconds}s (see .build-fuzz/$target.log): $(grep -m1 -E 'ERROR|invariant' ".build-fuzz/$target.log")"
    else
        echo "fuzz: $target clean for ${seconds}s, ${runs:-?} inputs: $summary"
    fi
done
exit $failed
