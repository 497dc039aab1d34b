import CZlib
import Foundation
@testable import RunReport
import XCTest

/// W&B offline runs written by the wandb SDK (samples/wandb/make_wandb.py), checked against the
/// values that script computes, and record logs the tests write themselves.
final class WandBTests: XCTestCase {
    private let samples = repositoryRoot + "/samples/wandb/wandb"

    private func load(_ paths: [String], _ configure: (inout LoadOptions) -> Void = { _ in }) -> LoadResult {
        var options = LoadOptions()
        configure(&options)
        return RunLoader(options: options).load(paths: paths)
    }

    func testTheSampleRunsHoldTheScriptsNumbers() throws {
        let result = load([samples])
        XCTAssertEqual(result.inputs.map(\.item.kind), [.wandb(folder: true), .wandb(folder: true)])
        XCTAssertEqual(result.problems, [])
        for lr in [0.1, 0.01] {
            let run = try XCTUnwrap(result.runs.first { $0.metadata?.name == "lr-\(lr)" })
            let loss = try XCTUnwrap(run.series[SeriesKey(metric: "loss", variant: "loss")]?.points)
            XCTAssertEqual(loss.map(\.iteration), Array(0...19))
            for point in loss {
                let step = Double(point.iteration)
                if lr == 0.1 && point.iteration == 3 { XCTAssertTrue(point.value.isNaN); continue }
                if lr == 0.1 && point.iteration == 4 { XCTAssertEqual(point.value, .infinity); continue }
                XCTAssertEqual(point.value, 2.0 * exp(-step * lr * 2), "step \(point.iteration)")
                XCTAssertNotNil(point.timestamp)
            }
            XCTAssertEqual(run.series[SeriesKey(metric: "acc", variant: "train")]?.points.map(\.value),
                           (0...19).map { 1.0 - exp(-Double($0) * lr * 3) })
            XCTAssertEqual(run.series[SeriesKey(metric: "val", variant: "loss")]?.points.map(\.iteration), [0, 5, 10, 15])
            XCTAssertEqual(run.series[SeriesKey(metric: "best_acc", variant: "best_acc")]?.lastSingleValue?.value, lr == 0.1 ? 0.9 : 0.5,
                           "a summary value never in the history is a single value")
            let metadata = try XCTUnwrap(run.metadata)
            XCTAssertEqual(metadata.parameters.map { "\($0.section)/\($0.name)=\($0.value)" },
                           ["config/batch_size=32", "config/lr=\(lr)", "config/optimizer.momentum=0.9", "config/optimizer.name=sgd"])
            XCTAssertEqual(metadata.project, "examples-wandb")
            XCTAssertEqual(metadata.tags, ["sample", "<b>tag</b>"])
            XCTAssertEqual(metadata.comment, "a <i>note</i> & ünïcode")
            XCTAssertEqual(metadata.status, "completed")
            var lines: [LogEvent] = []
            for spool in run.logs { try spool.forEach { lines.append($0) } }
            XCTAssertEqual(lines.map { "\($0.level ?? "") \($0.message)" }, ["info training done, lr=\(lr)", "error a warning on stderr"])
            XCTAssertFalse(run.series.keys.filter { $0.metric.hasPrefix("sys.") }.isEmpty, "the SDK's system metrics, named as Comet's")
        }
    }

    // MARK: Record logs the tests write

    /// `records` framed as W&B's writer does: the header, then chunks in 32 KiB blocks.
    private func recordLog(_ records: [[UInt8]]) -> [UInt8] {
        var out = WandBRecordLog.header
        for record in records {
            var rest = record[...], first = true
            repeat {
                let left = WandBRecordLog.blockSize - out.count % WandBRecordLog.blockSize
                if left < 7 { out += [UInt8](repeating: 0, count: left); continue }
                let piece = rest.prefix(left - 7)
                rest = rest.dropFirst(piece.count)
                let type: UInt8 = first ? (rest.isEmpty ? 1 : 2) : (rest.isEmpty ? 4 : 3)
                first = false
                var crc = crc32(0, [type], 1)
                crc = Array(piece).withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
                out += withUnsafeBytes(of: UInt32(truncatingIfNeeded: crc).littleEndian) { Array($0) }
                out += [UInt8(piece.count & 0xFF), UInt8(piece.count >> 8), type] + piece
            } while !rest.isEmpty
        }
        return out
    }

    private func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for var value in [number << 3 | 2, UInt64(bytes.count)] {
            repeat {
                out.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
                value >>= 7
            } while value > 0
        }
        return out + bytes
    }

    /// A `Record` holding a history row: `_step`, one item, and a text item of `padding` bytes.
    private func historyRecord(step: Int, key: String, json: String, padding: Int = 0) -> [UInt8] {
        let item = { (k: String, v: String) in self.field(1, self.field(1, Array(k.utf8)) + self.field(16, Array(v.utf8))) }
        let pad = padding > 0 ? item("note", "\"" + String(repeating: "x", count: padding) + "\"") : []
        return field(2, item("_step", "\(step)") + item(key, json) + pad)
    }

    private func steps(_ result: LoadResult, _ key: String = "m") -> [Int64] {
        result.runs.first?.series[SeriesKey(metric: key, variant: key)]?.points.map(\.iteration) ?? []
    }

    func testChunksAcrossBlocksDamageAndTruncation() throws {
        let folder = TemporaryFolder()
        // A record of 70 kB spans three blocks (first, middle, last pieces).
        let long = historyRecord(step: 1, key: "long", json: "1e0", padding: 70_000)
        let records = [historyRecord(step: 0, key: "m", json: "0.5"), long, historyRecord(step: 2, key: "m", json: "NaN"),
                       historyRecord(step: 3, key: "m", json: "-Infinity")]
        let whole = recordLog(records)
        let path = folder.write("run-abc.wandb", whole)
        let read = load([path])
        XCTAssertEqual(read.inputs.first?.item.kind, .wandb(folder: false))
        XCTAssertEqual(read.problems, [])
        XCTAssertEqual(steps(read), [0, 2, 3])
        XCTAssertEqual(read.runs.first?.series[SeriesKey(metric: "m", variant: "m")]?.points.map(\.value.description), ["0.5", "nan", "-inf"])
        XCTAssertEqual(steps(read, "long"), [1], "the record in three pieces is put together")

        // A flipped byte in the long record's middle piece (block 2): that record is lost, the
        // rest of block 2 skipped; block 3 goes on (its last piece has no start: reported).
        var damaged = whole
        damaged[WandBRecordLog.blockSize + 100] ^= 0xFF
        let bad = folder.write("bad/run-abc.wandb", damaged)
        let result = load([bad])
        XCTAssertEqual(steps(result), [0, 2, 3])
        XCTAssertEqual(steps(result, "long"), [])
        XCTAssertEqual(result.problems.map(\.description), [
            bad + " @\(WandBRecordLog.blockSize): a chunk that fails its checksum; the rest of the block skipped",
            bad + " @\(2 * WandBRecordLog.blockSize): a piece of a record whose first piece is missing; skipped",
        ])

        let cut = folder.write("cut/run-abc.wandb", Array(whole.dropLast(5)))
        let short = load([cut])
        XCTAssertEqual(steps(short), [0, 2])
        XCTAssertEqual(short.problems.count, 1)
        XCTAssertTrue(short.problems.first?.description.hasSuffix("a chunk cut off by the end of the file") ?? false, "\(short.problems)")
    }

    func testARecordOverTheLineCapAndTheSeriesLimit() throws {
        let folder = TemporaryFolder()
        let long = historyRecord(step: 1, key: "long", json: "1", padding: 70_000)
        let path = folder.write("run-abc.wandb", recordLog([historyRecord(step: 0, key: "m", json: "1"), long,
                                                            historyRecord(step: 2, key: "n", json: "2")]))
        let capped = load([path]) { $0.maxLineBytes = 50_000 }
        XCTAssertEqual(steps(capped), [0])
        let second = WandBRecordLog.header.count + 7 + historyRecord(step: 0, key: "m", json: "1").count
        XCTAssertEqual(capped.problems.map(\.description), [path + " @\(second): a record over 50000 bytes (--max-line-bytes); skipped"])
        let limited = load([path]) { $0.maxSeries = 2 }
        XCTAssertEqual(limited.runs.count, 0)
        XCTAssertEqual(limited.problems.map(\.description), [path + ": more than 2 scalar series (--max-series); the input is not read"])
    }
}
