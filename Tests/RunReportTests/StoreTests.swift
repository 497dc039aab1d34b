@testable import RunReport
import XCTest

/// Compact series, the log spool, task metadata, and the real SDK samples.
final class StoreTests: XCTestCase {
    func testAScalarWithoutMetricOrVariantIsItsOwnSeries() throws {
        let folder = TemporaryFolder()
        let path = folder.write("bare.jsonl", #"{"type": "training_stats_scalar", "task": "t", "value": 1}"# + "\n"
            + #"{"type": "training_stats_scalar", "task": "t", "iter": 1, "metric": "m", "variant": "v", "value": 2}"# + "\n")
        let run = try XCTUnwrap(RunLoader().load(paths: [path]).runs.first)
        XCTAssertEqual(run.series[SeriesKey(metric: "", variant: "")]?.count, 1, "missing metric and variant become empty names")
        XCTAssertEqual(run.series[SeriesKey(metric: "m", variant: "v")]?.count, 1)
    }

    func testSeriesKeepsEveryPointExactlyIn16BytesAPoint() {
        var points: [ScalarPoint] = []
        for i in 0..<10_000 {
            points.append(ScalarPoint(iteration: Int64(i), timestamp: 1_795_357_331_768 + Int64(i) * 250, value: Double(i) / 3))
        }
        // Jumps that do not fit 32-bit offsets, a missing timestamp, duplicates, negative iterations, NaN.
        points.append(ScalarPoint(iteration: Int64.max, timestamp: nil, value: .nan))
        points.append(ScalarPoint(iteration: -5, timestamp: 0, value: -.infinity))
        points.append(ScalarPoint(iteration: -5, timestamp: 0, value: 1))
        points.append(ScalarPoint(iteration: Int64.min, timestamp: Int64.max, value: 2))
        let series = ScalarSeries(points)
        XCTAssertEqual(series.count, points.count)
        XCTAssertEqual(series.nonFiniteCount, 2)
        XCTAssertEqual(series.points.map { "\($0.iteration) \($0.timestamp ?? -1) \($0.value.bitPattern)" },
                       points.map { "\($0.iteration) \($0.timestamp ?? -1) \($0.value.bitPattern)" })
        XCTAssertEqual(MemoryLayout<ScalarSeries.PackedPoint>.stride, 16)
        XCTAssertLessThan(series.storageBytes, 10_004 * 16 + 8 * 4096 * 16)
    }

    func testPointsKeepTheirOrderAcrossChunksAndAppendedSeries() {
        let point = { (i: Int) in ScalarPoint(iteration: Int64(i), timestamp: i % 7 == 0 ? nil : Int64(i) * 10, value: Double(i)) }
        var series = ScalarSeries((0..<5_000).map(point))          // past one chunk: one closed, one being filled
        series.append(contentsOf: ScalarSeries((5_000..<5_010).map(point)))
        for i in 5_010..<9_000 { series.append(point(i)) }          // filling goes on after the appended part
        series.append(contentsOf: ScalarSeries())
        series.append(point(9_000))
        XCTAssertEqual(series.count, 9_001)
        XCTAssertEqual(series.points, (0...9_000).map(point))
    }

    func testLogSpoolSpillsToDiskAndReadsBackInOrder() throws {
        let saved = LogSpool.memoryBudget
        LogSpool.memoryBudget = 1000
        defer { LogSpool.memoryBudget = saved }
        let spool = LogSpool()
        var expected: [LogEvent] = []
        for i in 0..<500 {
            let event = LogEvent(task: nil, timestamp: i % 7 == 0 ? nil : Int64(i), level: i % 2 == 0 ? "info" : nil,
                                 worker: "w\(i % 3)", message: String(repeating: "é", count: i % 40) + "\n\(i)")
            expected.append(event)
            try spool.append(event)
        }
        var read: [LogEvent] = []
        try spool.forEach { read.append($0) }
        XCTAssertEqual(spool.count, 500)
        XCTAssertEqual(read, expected)
    }

    func testTaskMetadataOfTheSmallSample() throws {
        let result = RunLoader().load(paths: [samplePath("clearml/small")])
        let run = try XCTUnwrap(result.runs.first)
        let metadata = try XCTUnwrap(run.metadata)
        XCTAssertEqual(metadata.name, #"offline run <b>bold</b> & ünïcode "quoted""#)
        XCTAssertEqual(metadata.project, "examples/mnist")
        XCTAssertEqual(metadata.type, "training")
        XCTAssertEqual(Set(metadata.tags), ["sample", "<script>alert(1)</script>"])
        XCTAssertEqual(metadata.parameters.map { "\($0.section)/\($0.name)=\($0.value)" },
                       ["General/batch_size=32", "General/layers=[64, 32]", "General/lr=0.001", "General/optimizer=adam",
                        "regularization/dropout=0.1", "regularization/weight_decay=0.0001"])
        XCTAssertEqual(metadata.configuration.map(\.name), ["model config"])
        XCTAssertEqual(run.id, metadata.id)
    }

    func testTheSmallSampleHoldsEveryKindOfEvent() throws {
        let result = RunLoader().load(paths: [samplePath("clearml/small")])
        XCTAssertEqual(result.problems, [])
        let run = try XCTUnwrap(result.runs.first)
        XCTAssertEqual(run.counts.byKind, [.scalar: 377, .plot: 8, .debugImage: 2, .log: 6])
        let loss = try XCTUnwrap(run.series[SeriesKey(metric: "loss", variant: "train")])
        XCTAssertEqual(loss.count, 301)  // 300 iterations and a NaN reported again at 150
        XCTAssertEqual(loss.nonFiniteCount, 1)
        XCTAssertEqual(run.series[SeriesKey(metric: "grad norm", variant: "total")]?.points.filter { $0.value == .infinity }.count, 1)
        let single = try XCTUnwrap(run.series[SeriesKey(metric: "Summary", variant: "test accuracy")]?.points)
        XCTAssertEqual(single.map(\.iteration), [Run.singleValueIteration])
        XCTAssertEqual(single.map(\.value), [0.9731])
        XCTAssertEqual(run.iterations, 0...299)
        // Every reporter type's Plotly trace is there, raw.
        let traces = run.plots.map(\.plotJSON)
        for trace in ["\"type\": \"scatter\"", "\"type\": \"bar\"", "\"type\": \"heatmap\"", "\"type\": \"table\"",
                      "\"type\": \"surface\"", "\"type\": \"scatter3d\""] {
            XCTAssertTrue(traces.contains { $0.contains(trace) }, "no plot with \(trace)")
        }
        XCTAssertEqual(run.debugImages.map(\.position.iteration).sorted(), [0, 299])
        XCTAssertTrue(run.debugImages.allSatisfy { $0.key?.hasSuffix(".jpeg") == true })
        var messages: [LogEvent] = []
        for spool in run.logs { try spool.forEach { messages.append($0) } }
        XCTAssertTrue(messages.contains { $0.level == "error" && $0.message.contains("this line goes to stderr") })
        XCTAssertTrue(messages.contains { $0.message.contains("iteration 50 loss") })
    }

    func testTheSweepIsThreeRunsOfThreeThousandIterations() {
        let result = RunLoader().load(paths: [samplePath("clearml/sweep")])
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.runs.map(\.name), ["sweep lr=0.1", "sweep lr=0.03", "sweep lr=0.01"])
        for run in result.runs {
            XCTAssertEqual(run.series[SeriesKey(metric: "loss", variant: "train")]?.count, 3000)
            XCTAssertEqual(run.iterations, 0...2999)
        }
    }
}

/// The CPU check that stands before the AVX2 scan.
final class CPUSupportTests: XCTestCase {
    func testMissingFeaturesAreNamed() {
        XCTAssertEqual(CPUSupport.missing(inFlagsLine: "flags\t\t: fpu sse2 popcnt pclmulqdq"), ["avx2", "bmi1", "bmi2", "abm"])
        XCTAssertEqual(CPUSupport.missing(inFlagsLine: "flags : avx2 bmi1 bmi2 abm pclmulqdq popcnt sse4_2"), [])
    }
}

/// The cores a process may use, from its affinity list.
final class UsableCoresTests: XCTestCase {
    func testCPUListsAreCounted() {
        XCTAssertEqual(LoadOptions.cores(inList: "\t0-1"), 2)
        XCTAssertEqual(LoadOptions.cores(inList: " 0"), 1)
        XCTAssertEqual(LoadOptions.cores(inList: "0-3,8,10-11"), 7)
        XCTAssertEqual(LoadOptions.cores(inList: "garbage"), 0)
        XCTAssertGreaterThanOrEqual(LoadOptions.usableCores, 1)
    }
}
