import Foundation
@testable import RunReport
import XCTest

/// MLflow runs written by the mlflow SDK into both its stores (samples/mlflow/make_mlflow.py),
/// checked against the values that script computes, and stores the tests make themselves.
final class MLflowTests: XCTestCase {
    private let samples = repositoryRoot + "/samples/mlflow"

    private func load(_ paths: [String], _ configure: (inout LoadOptions) -> Void = { _ in }) -> LoadResult {
        var options = LoadOptions()
        configure(&options)
        return RunLoader(options: options).load(paths: paths)
    }

    private func run(_ result: LoadResult, named name: String) throws -> Run {
        try XCTUnwrap(result.runs.first { $0.metadata?.name == name }, "\(result.runs.map(\.metadata?.name))")
    }

    func testBothStoresGiveTheScriptsNumbers() throws {
        let fileStore = load([samples + "/mlruns"]), database = load([samples + "/sqlite/mlflow.db"])
        XCTAssertEqual(fileStore.inputs.map(\.item.kind), [.mlflow(.experimentFolder), .mlflow(.experimentFolder)])
        XCTAssertEqual(database.inputs.map(\.item.kind), [.mlflow(.database)])
        XCTAssertEqual(fileStore.problems + database.problems, [])
        for result in [fileStore, database] {
            for lr in [0.1, 0.01] {
                let run = try run(result, named: "lr-\(lr)")
                XCTAssertEqual(Set(run.series.keys), [SeriesKey(metric: "loss", variant: "loss"), SeriesKey(metric: "accuracy", variant: "accuracy"),
                                                      SeriesKey(metric: "val", variant: "loss")])
                let loss = try XCTUnwrap(run.series[SeriesKey(metric: "loss", variant: "loss")]?.points)
                XCTAssertEqual(loss.map(\.iteration), Array(0...19))
                XCTAssertEqual(loss.map(\.timestamp), (0...19).map { 1_765_000_000_000 + $0 * 1000 })
                for point in loss {
                    let step = Double(point.iteration)
                    if lr == 0.1 && point.iteration == 3 { XCTAssertTrue(point.value.isNaN); continue }
                    if lr == 0.1 && point.iteration == 4 { XCTAssertEqual(point.value, .infinity); continue }
                    XCTAssertEqual(point.value, 2.0 * exp(-step * lr * 2) + 0.01 * Double(point.iteration % 3), "step \(point.iteration)")
                }
                let accuracy = try XCTUnwrap(run.series[SeriesKey(metric: "accuracy", variant: "accuracy")]?.points)
                XCTAssertEqual(accuracy.map(\.iteration), Array(0...19) + [19], "logged twice at step 19, in time order")
                XCTAssertEqual(accuracy.last?.value, 0.5)
                XCTAssertEqual(run.series[SeriesKey(metric: "val", variant: "loss")]?.points.map(\.iteration), [0, 5, 10, 15])
                let metadata = try XCTUnwrap(run.metadata)
                XCTAssertEqual(metadata.project, "examples-mlflow")
                XCTAssertEqual(metadata.status, "finished")
                XCTAssertEqual(metadata.comment, "a <b>note</b> & ünïcode")
                XCTAssertEqual(metadata.parameters.map { "\($0.section)/\($0.name)=\($0.value)" },
                               ["params/batch_size=32", "params/lr=\(lr)", "params/optimizer=sgd"])
                XCTAssertEqual(run.extras.properties.map { "\($0.name)=\($0.value)" }, ["sample=yes", "team=vision"])
                XCTAssertNotNil(metadata.started)
            }
        }
    }

    func testAFileStoreRunsArtifactsAreShown() throws {
        let result = load([samples + "/mlruns"])
        let run = try run(result, named: "lr-0.1")
        XCTAssertEqual(run.extras.textSamples.map(\.text), ["trained with lr=0.1\nline two\n"])
        XCTAssertEqual(run.debugImages.map(\.key), ["artifacts/plots/confusion.png"])
        let bytes = try XCTUnwrap(ImageResolver(files: run.files).bytes(of: try XCTUnwrap(run.debugImages.first)))
        XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertEqual(bytes[16..<24].map { $0 }, [0, 0, 0, 12, 0, 0, 0, 8], "12 × 8, as the script drew it")
        // One run's folder named on its own is read too.
        let folder = try XCTUnwrap(result.inputs.first { !$0.runs.isEmpty }?.item.path)
        let single = load([folder + "/" + run.id])
        XCTAssertEqual(single.inputs.map(\.item.kind), [.mlflow(.runFolder)])
        XCTAssertEqual(single.runs.first?.series.count, 3)
    }

    /// A store made by hand: odd lines, a link out, a deleted run.
    func testOddFileStoreInputIsReportedAndTheRestRead() throws {
        let folder = TemporaryFolder()
        folder.write("exp/meta.yaml", "experiment_id: '7'\nname: 'hand made: \"quoted\"'\nlifecycle_stage: active\n")
        folder.write("exp/r1/meta.yaml", "run_id: r1\nrun_uuid: r1\nrun_name: one\nstatus: 4\nlifecycle_stage: active\ntags: []\n")
        folder.write("exp/r1/metrics/loss", "1000 0.5 0\nnot a line\n2000 nan 1\n3000 -inf 2 train abc123\n4000 0.25\n")
        folder.write("outside.txt", "1000 9 9\n")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/exp/r1/metrics/linked", withDestinationPath: folder.path + "/outside.txt")
        folder.write("exp/r2/meta.yaml", "run_id: r2\nrun_uuid: r2\nlifecycle_stage: deleted\n")
        folder.write("exp/r2/metrics/loss", "1000 1 0\n")
        let result = load([folder.path + "/exp"])
        XCTAssertEqual(result.runs.map(\.id), ["r1"], "the deleted run is left out")
        let run = try XCTUnwrap(result.runs.first)
        XCTAssertEqual(run.metadata?.project, "hand made: \"quoted\"")
        XCTAssertEqual(run.metadata?.status, "failed")
        let loss = try XCTUnwrap(run.series[SeriesKey(metric: "loss", variant: "loss")]?.points)
        XCTAssertEqual(loss.map(\.iteration), [0, 1, 2, 0])
        XCTAssertEqual(loss.map(\.value.description), ["0.5", "nan", "-inf", "0.25"])
        XCTAssertEqual(result.problems.map(\.description), [folder.path + "/exp/r1/metrics/loss:2: invalid field not `timestamp value step`"])
        XCTAssertNil(run.series[SeriesKey(metric: "linked", variant: "linked")], "a link is not followed by the walk")
    }

    func testADatabaseFromSomeoneElse() throws {
        let folder = TemporaryFolder()
        // A SQLite file that is not MLflow's: refused as an input.
        let other = folder.path + "/other.db"
        XCTAssertEqual(try runSQLite(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"), 0)
        let refused = load([other])
        XCTAssertEqual(refused.problems.map(\.description), [other + ": not a recognised input: a SQLite file without MLflow's runs, metrics and params tables"])
        // The sample cut short: a clear problem, no crash.
        let sample = try Data(contentsOf: URL(fileURLWithPath: samples + "/sqlite/mlflow.db"))
        let cut = folder.write("cut.db", Array(sample.prefix(sample.count / 3)))
        let damaged = load([cut])
        XCTAssertEqual(damaged.runs.count, 0)
        XCTAssertEqual(damaged.problems.count, 1, "\(damaged.problems)")
        // Read-only: the folder holding a store is as it was (no journal, no -wal or -shm file).
        let copy = folder.write("store/mlflow.db", Array(sample))
        let before = try FileManager.default.attributesOfItem(atPath: copy)[.modificationDate] as? Date
        XCTAssertEqual(load([copy]).runs.count, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/store"), ["mlflow.db"])
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: copy)[.modificationDate] as? Date, before)
        // The series limit holds in a database.
        let limited = load([samples + "/sqlite/mlflow.db"]) { $0.maxSeries = 4 }
        XCTAssertEqual(limited.runs.count, 0)
        XCTAssertEqual(limited.problems.map(\.description), [samples + "/sqlite/mlflow.db: more than 4 scalar series (--max-series); the input is not read"])
    }

    /// Runs sqlite3's shell through Python's sqlite3 module (python3 is a test dependency).
    private func runSQLite(_ path: String, _ sql: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, sql]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
