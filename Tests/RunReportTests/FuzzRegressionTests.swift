import Foundation
import XCTest

/// The fuzz targets' seed corpus and every input fuzzing found to crash (fuzz/regressions/),
/// replayed through the plain build of runreport-fuzz: each must now pass its target whole.
final class FuzzRegressionTests: XCTestCase {
    func testEveryTargetTakesItsCorpusAndItsRegressions() throws {
        let binary = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("runreport-fuzz").path
        let path = try XCTUnwrap([binary, repositoryRoot + "/.build/debug/runreport-fuzz"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                 "runreport-fuzz not built")
        for target in ["event-scan", "archive", "plot", "sanitizer", "log-format", "numbers", "tensorboard", "mlflow", "wandb"] {
            var files: [String] = []
            for folder in ["fuzz/corpus/", "fuzz/regressions/"] {
                let dir = repositoryRoot + "/" + folder + target
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                files += names.filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
            }
            XCTAssertFalse(files.isEmpty, target)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = [target] + files
            process.environment = ["SWIFT_BACKTRACE": "enable=no"]
            let err = Pipe()
            process.standardError = err
            try process.run()
            let message = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(target): \(String(decoding: message, as: UTF8.self).prefix(500))")
        }
    }
}
