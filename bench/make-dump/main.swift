// make-dump: writes a deterministic ClearML json-lines event dump for benchmarks.
//
//   make-dump [--events N] [--tasks T] [--first-task K] [--metrics M --variants V] [--log-bytes B] OUTPUT
//
// Per iteration each task reports 8 scalar series (loss, accuracy, learning rate, grad norm;
// train and validation), and every 8th iteration a console line, in the SDK's field order
// (about 170 bytes an event). Values come from a fixed-seed generator: the same arguments
// always give the same bytes. --log-bytes writes only log events until the file reaches B bytes
// (for the log streaming benchmark).
import Foundation

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

var arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else {
        return value
    }
    arguments.removeSubrange(index...(index + 1))
    return parsed
}
let events = option("--events", default: 1_000_000)
let tasks = max(1, option("--tasks", default: 1))
/// Tasks are named bench-task-K, bench-task-(K+1), …: files for separate runs.
let firstTask = max(0, option("--first-task", default: 0))
let logBytes = option("--log-bytes", default: 0)
/// With --metrics, M metrics named `group-(m mod 40)/metric-m` with V variants each, instead of
/// the usual 8 series: the many-metrics benchmark.
let manyMetrics = option("--metrics", default: 0)
let manyVariants = max(1, option("--variants", default: 5))
guard let output = arguments.first else {
    FileHandle.standardError.write("usage: make-dump [--events N] [--tasks T] [--first-task K] [--metrics M --variants V] [--log-bytes B] OUTPUT\n".data(using: .utf8)!)
    exit(64)
}
guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
    FileHandle.standardError.write("make-dump: cannot write \(output)\n".data(using: .utf8)!)
    exit(1)
}

var random = SplitMix64(state: 20_261_122)
var buffer = ""
buffer.reserveCapacity(1 << 22)
var written = 0
func emit(_ line: String) {
    buffer += line
    buffer += "\n"
    if buffer.utf8.count >= 1 << 22 {
        let data = buffer.data(using: .utf8)!
        handle.write(data)
        written += data.count
        buffer.removeAll(keepingCapacity: true)
    }
}

let series = manyMetrics > 0
    ? (0..<manyMetrics).flatMap { m in (0..<manyVariants).map { v in ("group-\(m % 40)/metric-\(m)", "v\(v)") } }
    : [("loss", "train"), ("loss", "validation"), ("accuracy", "train"), ("accuracy", "validation"),
       ("learning rate", "lr"), ("grad norm", "total"), ("grad norm", "encoder"), ("throughput", "samples/s")]
let baseTime: Int64 = 1_795_357_331_768
var count = 0
var iteration: Int64 = 0
func logLine(_ task: Int, _ time: Int64) -> String {
    let loss = 2.0 * exp(-Double(iteration) / 20_000) + 0.01 * random.unit()
    return "{\"timestamp\": \(time), \"type\": \"log\", \"task\": \"bench-task-\(firstTask + task)\", \"level\": \"info\", "
        + "\"worker\": \"node-1\", \"msg\": \"step \(iteration): loss=\(loss) lr=0.001 \\u001b[32mok\\u001b[0m\", \"method\": \"get\"}"
}
if logBytes > 0 {
    while written + buffer.utf8.count < logBytes {
        emit(logLine(0, baseTime + iteration * 37))
        iteration += 1
    }
} else {
    outer: while true {
        for task in 0..<tasks {
            let time = baseTime + iteration * 250 + Int64(task)
            for (index, (metric, variant)) in series.enumerated() {
                if count == events { break outer }
                let decay = exp(-Double(iteration) / Double(20_000 + 3_000 * (index % 64)))
                var value = "\(decay + 0.05 * random.unit())"
                if count % 100_003 == 99_999 { value = "NaN" }
                emit("{\"timestamp\": \(time + Int64(index)), \"type\": \"training_stats_scalar\", \"task\": \"bench-task-\(firstTask + task)\", "
                    + "\"iter\": \(iteration), \"metric\": \"\(metric)\", \"variant\": \"\(variant)\", \"value\": \(value), \"method\": \"get\"}")
                count += 1
            }
            if iteration % 8 == 0 && count < events {
                emit(logLine(task, time + 9))
                count += 1
            }
        }
        iteration += 1
    }
}
handle.write(buffer.data(using: .utf8)!)
try? handle.close()
