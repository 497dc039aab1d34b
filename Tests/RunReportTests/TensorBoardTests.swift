import CChecksum
import Foundation
@testable import RunReport
import XCTest

/// TensorBoard runs written by tensorboardX (samples/tensorboard/make_tensorboard.py), checked
/// against the values that script computes, and event files the tests frame themselves.
final class TensorBoardTests: XCTestCase {
    private let samples = repositoryRoot + "/samples/tensorboard/runs"
    /// The script's fixed wall time, in seconds.
    private let t0 = 1_765_000_000.0

    private func load(_ paths: [String], _ configure: (inout LoadOptions) -> Void = { _ in }) -> LoadResult {
        var options = LoadOptions()
        configure(&options)
        return RunLoader(options: options).load(paths: paths)
    }

    private func trainRun() throws -> Run {
        try XCTUnwrap(load([samples + "/resnet/train"]).runs.first)
    }

    func testScalarsAreTheScriptsFloat32ValuesAfterTheRestart() throws {
        let run = try trainRun()
        XCTAssertEqual(Set(run.series.keys), [SeriesKey(metric: "loss", variant: "loss"), SeriesKey(metric: "acc", variant: "acc"),
                                              SeriesKey(metric: "lr", variant: "lr"), SeriesKey(metric: "acc", variant: "top1/train"),
                                              SeriesKey(metric: "tensor_loss", variant: "tensor_loss")])
        let loss = try XCTUnwrap(run.series[SeriesKey(metric: "loss", variant: "loss")]?.points)
        // Steps 12-15 of the first file are orphaned by the restart (SessionLog START at 12);
        // the second file's 12-19 are 100 s later.
        XCTAssertEqual(loss.map(\.iteration), Array(0...19))
        for point in loss {
            let step = Double(point.iteration)
            let expected = Double(Float(2.0 * exp(-step / 8.0) + 0.01 * Double(point.iteration % 3)))
            switch point.iteration {
            case 3: XCTAssertTrue(point.value.isNaN)
            case 4: XCTAssertEqual(point.value, .infinity)
            default: XCTAssertEqual(point.value, expected, "step \(point.iteration)")
            }
            let seconds = t0 + step * 2.5 + (point.iteration >= 12 ? 100 : 0)
            XCTAssertEqual(point.timestamp, Int64((seconds * 1000).rounded(.down)), "step \(point.iteration)")
        }
        let acc = try XCTUnwrap(run.series[SeriesKey(metric: "acc", variant: "top1/train")]?.points)
        XCTAssertEqual(acc.map(\.value), (0...19).map { Double(Float(0.5 + Double($0) / 40.0)) })
        // TF2's tensor scalars: the same numbers, NaN and inf written as 0.
        let tensor = try XCTUnwrap(run.series[SeriesKey(metric: "tensor_loss", variant: "tensor_loss")]?.points)
        XCTAssertEqual(tensor.map(\.value), loss.map { $0.value.isFinite ? $0.value : 0 })
        XCTAssertEqual(run.metadata?.name, "train")
        XCTAssertEqual(run.counts.byKind[.scalar], 100)
    }

    func testImagesTextHistogramsAndHyperparameters() throws {
        let run = try trainRun()
        XCTAssertEqual(run.debugImages.map(\.position.iteration), [0, 10])
        let resolver = ImageResolver(files: run.files)
        for image in run.debugImages {
            let bytes = try XCTUnwrap(resolver.bytes(of: image))
            XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
            // IHDR: width 24, height 16, as the script drew it.
            XCTAssertEqual(bytes[16..<24].map { $0 }, [0, 0, 0, 24, 0, 0, 0, 16])
            XCTAssertTrue(resolver.contains(image))
        }
        XCTAssertEqual(run.extras.textSamples.map(\.text), ["first **run** <b>not html</b> & ünïcode"])
        XCTAssertEqual(run.extras.textSamples.first?.iteration, 0)
        XCTAssertEqual(run.plots.count, 1)
        let plot = try XCTUnwrap(run.plots.first)
        XCTAssertEqual(plot.position.iteration, 15)
        let figure = try PlotlyFigure(plotJSON: plot.plotJSON)
        XCTAssertEqual(figure.traces.map(\.name), ["step 0", "step 5", "step 10", "step 15"])
        XCTAssertEqual(TensorBoardHistograms.spread(Array(0..<20), count: 8), [0, 2, 5, 8, 10, 13, 16, 19])
        for trace in figure.traces {
            XCTAssertEqual(trace.x.count, 30)
            // 1,000 values a step: rebinning keeps every count.
            let total = trace.y.reduce(0.0) { if case let .number(count) = $1 { return $0 + count } else { return $0 } }
            XCTAssertEqual(total, 1000, accuracy: 1e-6, trace.name ?? "")
        }
        let trial = try XCTUnwrap(load([samples + "/hparams/trial-1"]).runs.first)
        XCTAssertEqual(trial.metadata?.parameters.map { "\($0.section)/\($0.name)=\($0.value)" },
                       ["hparams/augment=true", "hparams/batch_size=32", "hparams/lr=0.1", "hparams/optimizer=sgd"])
        XCTAssertEqual(trial.series[SeriesKey(metric: "hparam", variant: "accuracy")]?.points.map(\.value), [Double(Float(0.91))])
    }

    func testALogdirIsWalkedIntoItsRuns() {
        let result = load([samples])
        XCTAssertEqual(result.inputs.map(\.item.kind), Array(repeating: .tensorBoard(folder: true), count: 4))
        XCTAssertEqual(result.runs.map(\.metadata?.name), ["trial-1", "eval", "train"], "the hparams folder itself holds only a version")
        XCTAssertEqual(result.problems, [])
    }

    // MARK: Framing and decoding, on files the tests write

    private func varint(_ value: UInt64) -> [UInt8] {
        var value = value, out: [UInt8] = []
        repeat {
            out.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
            value >>= 7
        } while value > 0
        return out
    }

    private func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes }

    /// An `Event` with a scalar summary value (`simple_value`).
    private func scalarEvent(tag: String, step: Int64, value: Float, wallTime: Double = 1_700_000_000) -> [UInt8] {
        let simple = varint(2 << 3 | 5) + withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        let summaryValue = field(1, Array(tag.utf8)) + simple
        return varint(1 << 3 | 1) + withUnsafeBytes(of: wallTime.bitPattern.littleEndian) { Array($0) }
            + varint(2 << 3) + varint(UInt64(bitPattern: step)) + field(5, field(1, summaryValue))
    }

    private func record(_ data: [UInt8]) -> [UInt8] {
        func masked(_ bytes: [UInt8]) -> UInt32 {
            let crc = bytes.withUnsafeBytes { rr_crc32c(0, $0.baseAddress, $0.count) }
            return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
        }
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Array($0) }
        return length + withUnsafeBytes(of: masked(length).littleEndian) { Array($0) } + data
            + withUnsafeBytes(of: masked(data).littleEndian) { Array($0) }
    }

    private func points(_ result: LoadResult) -> [Int64] {
        result.runs.first?.series[SeriesKey(metric: "m", variant: "m")]?.points.map(\.iteration) ?? []
    }

    func testCRC32CIsTheCastagnoliChecksum() {
        // RFC 3720's test vector: 32 bytes of zeros, and "123456789".
        XCTAssertEqual([UInt8](repeating: 0, count: 32).withUnsafeBytes { rr_crc32c(0, $0.baseAddress, 32) }, 0x8A91_36AA)
        XCTAssertEqual(Array("123456789".utf8).withUnsafeBytes { rr_crc32c(0, $0.baseAddress, 9) }, 0xE306_9283)
    }

    func testDamagedRecordsAreReportedWithTheirOffsetAndTheRestRead() throws {
        let folder = TemporaryFolder()
        let records = (0..<4).map { record(scalarEvent(tag: "m", step: Int64($0), value: Float($0))) }
        var badData = records
        badData[1][14] ^= 0xFF  // a byte of the second record's data
        let name = "events.out.tfevents.1.host"
        let path = folder.write("a/" + name, Array(badData.joined()))
        let result = load([folder.path + "/a"])
        XCTAssertEqual(points(result), [0, 2, 3])
        XCTAssertEqual(result.problems.map(\.description),
                       [path + " @\(records[0].count): a record whose data fails its checksum; skipped"])

        var badLength = records
        badLength[2][3] ^= 0x01
        let cut = folder.write("b/" + name, Array(badLength.joined()))
        let stopped = load([folder.path + "/b"])
        XCTAssertEqual(points(stopped), [0, 1])
        XCTAssertEqual(stopped.problems.map(\.description),
                       [cut + " @\(records[0].count + records[1].count): a record length that fails its checksum; the rest of the file is not read"])

        let truncated = folder.write("c/" + name, Array(records.joined().dropLast(3)))
        let short = load([folder.path + "/c"])
        XCTAssertEqual(points(short), [0, 1, 2])
        XCTAssertEqual(short.problems.map(\.description),
                       [truncated + " @\(records[0].count * 3): a record cut off by the end of the file"])
    }

    func testUndecodableEventsAndUnknownFieldsAndTheLineCap() throws {
        let folder = TemporaryFolder()
        let good = scalarEvent(tag: "m", step: 1, value: 1)
        let unknown = good + field(99, [1, 2, 3]) + varint(100 << 3) + varint(7)  // fields a later TensorBoard may add
        let broken = [UInt8](good.dropLast(2))  // a field cut off inside its message
        let big = scalarEvent(tag: "m", step: 3, value: 3) + field(98, [UInt8](repeating: 7, count: 2000))
        let files = [record(good), record(unknown), record(broken), record(big)]
        let path = folder.write("renamed.bin", Array(files.joined()))
        let result = load([path]) { $0.maxLineBytes = 1000 }
        XCTAssertEqual(result.inputs.first?.item.kind, .tensorBoard(folder: false), "an event file named on its own, by content")
        XCTAssertEqual(points(result), [1, 1])
        XCTAssertEqual(result.problems.map(\.description), [
            path + " @\(files[0].count + files[1].count): an event that does not decode (a protobuf field runs past its message)",
            path + " @\(files[0].count + files[1].count + files[2].count): a record of \(big.count) bytes, over 1000 (--max-line-bytes); skipped",
        ])
    }

    func testARestartDropsOrphanedStepsAndTheSeriesLimitHolds() throws {
        let folder = TemporaryFolder()
        let version = varint(1 << 3 | 1) + [UInt8](repeating: 0, count: 8) + field(3, Array("brain.Event:2".utf8))
        let start = varint(2 << 3) + varint(2) + field(7, varint(1 << 3) + varint(1))  // SessionLog START at step 2
        var events = [record(version)] + (0..<4).map { record(scalarEvent(tag: "m", step: $0, value: 1)) }
        events += [record(start), record(scalarEvent(tag: "m", step: 2, value: 9)), record(scalarEvent(tag: "n", step: 5, value: 1))]
        folder.write("run/events.out.tfevents.1.host", Array(events.joined()))
        let result = load([folder.path + "/run"])
        XCTAssertEqual(points(result), [0, 1, 2])
        XCTAssertEqual(result.runs.first?.series[SeriesKey(metric: "m", variant: "m")]?.points.last?.value, 9)
        let limited = load([folder.path + "/run"]) { $0.maxSeries = 1 }
        XCTAssertEqual(limited.runs.count, 0)
        XCTAssertEqual(limited.problems.map(\.description), [folder.path + "/run: more than 1 scalar series (--max-series); the input is not read"])
    }

    func testAnEventFileLinkedFromOutsideTheRunIsNotRead() throws {
        let folder = TemporaryFolder()
        folder.write("outside/events.out.tfevents.1.host", Array(record(scalarEvent(tag: "m", step: 1, value: 1))))
        folder.write("run/events.out.tfevents.2.host", Array(record(scalarEvent(tag: "m", step: 2, value: 2))))
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/run/events.out.tfevents.1.host",
                                                   withDestinationPath: folder.path + "/outside/events.out.tfevents.1.host")
        let result = load([folder.path + "/run"])
        XCTAssertEqual(points(result), [2])
        XCTAssertEqual(result.problems.count, 1)
        XCTAssertTrue(result.problems.first?.description.contains("a symbolic link that leaves the input") ?? false, "\(result.problems)")
    }

    func testHalfPrecisionValues() {
        XCTAssertEqual(TensorValue.half(0x3C00), 1)
        XCTAssertEqual(TensorValue.half(0xC000), -2)
        XCTAssertEqual(TensorValue.half(0x0001), 0x1p-24)
        XCTAssertEqual(TensorValue.half(0x7C00), .infinity)
        XCTAssertTrue(TensorValue.half(0x7E00).isNaN)
    }
}
